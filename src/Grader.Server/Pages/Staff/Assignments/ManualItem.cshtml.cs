using System.Globalization;
using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Rubrics;
using Grader.Server.Grading.Manual;
using Grader.Server.Web;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Pages.Staff.Assignments;

/// <summary>
/// Grading one text item, answer after answer: the answer (and the answers that read the same,
/// graded with it) beside the question, the model answer and the criteria; ticked criteria, a
/// comment to the student and an internal note save it and move on to the next ungraded answer.
/// The criteria and the saved comments are edited here too.
/// </summary>
public sealed class ManualItemModel(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics, ManualGrading grading,
    CriteriaStore criteriaStore, SavedComments savedComments) : PageModel
{
    [BindProperty] public long MarkId { get; set; }
    /// <summary>The shown answer's last update when the page was opened (UTC ticks): a later change makes the save stale.</summary>
    [BindProperty] public long Seen { get; set; }
    /// <summary>The ids of the ticked criteria.</summary>
    [BindProperty] public List<long> Ticked { get; set; } = [];
    [BindProperty] public string? Adjustment { get; set; }
    [BindProperty] public string? Points { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public bool SaveComment { get; set; }

    public StaffAssignment Access { get; private set; } = null!;
    public RubricItem Item { get; private set; } = null!;
    public TextCheck Text => (TextCheck)Item.Check;
    public IReadOnlyList<CriterionView> Criteria { get; private set; } = [];
    public IReadOnlyList<CommentView> Comments { get; private set; } = [];
    public AnswerQueue Queue { get; private set; } = null!;
    public AnswerGroup? Group { get; private set; }
    public string? Error { get; private set; }

    /// <summary>The criteria ticked for each graded answer of the item, by mark id.</summary>
    private ILookup<long, long> ticks = Enumerable.Empty<long>().ToLookup(x => x);

    public ManualProgress Progress => new(Queue.Graded, Queue.Total);
    public string BasePath => $"/staff/assignments/{Uri.EscapeDataString(Access.Assignment.Id)}/manual/{Uri.EscapeDataString(Item.Id)}";
    public double ScoreStart => Text.Scoring == CriteriaScoring.Negative ? Item.Points : 0;

    public async Task<IActionResult> OnGetAsync(string id, string itemId, long? answer, long? after, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, itemId, cancellationToken)) return NotFound();
        Group = answer is { } shown ? Queue.GroupOf(shown)
            : Queue.NextUngraded(after is { } last ? Queue.GroupOf(last) : null);
        if (answer is not null && Group is null) return NotFound();
        FillForm();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string itemId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, itemId, cancellationToken)) return NotFound();
        double? points = Parse(Points);
        double adjustment = Parse(Adjustment) ?? 0;
        var input = new GradeInput(MarkId, Seen, Ticked, adjustment, points, Comment ?? "", Note ?? "");
        var saved = await grading.SaveAsync(id, Item, input, Access.Staff.StaffId, cancellationToken);
        switch (saved.Outcome)
        {
            case ManualSaveOutcome.Invalid:
                Error = saved.Problem;
                Group = Queue.GroupOf(MarkId);
                return Page();
            case ManualSaveOutcome.AlreadyGraded:
                TempData["Flash"] = "Someone else graded that answer meanwhile; their mark stands. Here is the next one.";
                return RedirectToNext(MarkId);
            case ManualSaveOutcome.NotFound:
                return NotFound();
        }
        if (SaveComment) await savedComments.AddAsync(id, itemId, Comment ?? "", Access.Staff.StaffId, cancellationToken);
        int answers = Queue.GroupOf(MarkId)?.Answers.Count ?? 1;
        TempData["Flash"] = $"Saved: {Format.Points(saved.Points, Item.Points)} points" + (answers > 1 ? $" for {answers} answers that read the same." : ".");
        return RedirectToNext(MarkId);
    }

    /// <summary>Takes one answer out of its group, or (<paramref name="all"/>) splits the whole group.</summary>
    public async Task<IActionResult> OnPostSplitAsync(string id, string itemId, long markId, bool all, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, itemId, cancellationToken)) return NotFound();
        if (Queue.GroupOf(markId) is not { } group) return NotFound();
        await grading.SplitAsync(id, itemId, all ? [.. group.Answers.Select(a => a.MarkId)] : [markId], cancellationToken);
        TempData["Flash"] = all ? $"Group split: its {group.Answers.Count} answers are graded one by one." : "Answer taken out of its group.";
        return Redirect($"{BasePath}?answer={markId}");
    }

    public async Task<IActionResult> OnPostAddCriterionAsync(string id, string itemId, string? description, string? criterionPoints, long? answer,
        CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, itemId, cancellationToken)) return NotFound();
        var edit = await criteriaStore.AddAsync(id, Item, description ?? "", Parse(criterionPoints) ?? double.NaN, Access.Staff.StaffId, cancellationToken);
        return AfterEdit(edit, "Criterion added.", answer);
    }

    public async Task<IActionResult> OnPostChangeCriterionAsync(string id, string itemId, long criterionId, string? description,
        string? criterionPoints, long? answer, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, itemId, cancellationToken)) return NotFound();
        var edit = await criteriaStore.ChangeAsync(id, Item, criterionId, description ?? "", Parse(criterionPoints) ?? double.NaN,
            Access.Staff.StaffId, cancellationToken);
        return AfterEdit(edit, "Criterion changed.", answer);
    }

    public async Task<IActionResult> OnPostDeleteCriterionAsync(string id, string itemId, long criterionId, long? answer,
        CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, itemId, cancellationToken)) return NotFound();
        var edit = await criteriaStore.DeleteAsync(id, Item, criterionId, Access.Staff.StaffId, cancellationToken);
        return AfterEdit(edit, "Criterion deleted.", answer);
    }

    public async Task<IActionResult> OnPostAddCommentAsync(string id, string itemId, string? text, long? answer, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, itemId, cancellationToken)) return NotFound();
        await savedComments.AddAsync(id, itemId, text ?? "", Access.Staff.StaffId, cancellationToken);
        return Redirect(AnswerUrl(answer));
    }

    public async Task<IActionResult> OnPostDeleteCommentAsync(string id, string itemId, long commentId, long? answer,
        CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, itemId, cancellationToken)) return NotFound();
        await savedComments.DeleteAsync(id, itemId, commentId, cancellationToken);
        return Redirect(AnswerUrl(answer));
    }

    /// <summary>Whether the form has the criterion ticked: as posted, else as the shown answer was graded.</summary>
    public bool IsTicked(long criterionId) => Ticked.Contains(criterionId);

    public string AnswerUrl(long? markId) => markId is { } m ? $"{BasePath}?answer={m}" : BasePath;

    /// <summary>A criterion edit's outcome as the flash says it: what was done and which answers it re-scored.</summary>
    private RedirectResult AfterEdit(CriteriaEdit edit, string done, long? answer)
    {
        if (edit.Problem is { } problem) TempData["Flash"] = "Not saved: " + problem;
        else if (edit.Rescored.Count == 0) TempData["Flash"] = done;
        else
        {
            var list = string.Join("; ", edit.Rescored.Take(20).Select(r => $"{r.Student} {Format.Number(r.OldPoints)} → {Format.Number(r.NewPoints)}"));
            TempData["Flash"] = $"{done} {edit.Rescored.Count} answer(s) re-scored: {list}" + (edit.Rescored.Count > 20 ? $"; and {edit.Rescored.Count - 20} more." : ".");
        }
        return Redirect(AnswerUrl(answer));
    }

    private RedirectResult RedirectToNext(long markId) => Redirect($"{BasePath}?after={markId}");

    /// <summary>The form as the shown group was last graded (a graded answer of it), or empty for an ungraded group.</summary>
    private void FillForm()
    {
        if (Group is null) return;
        var shown = Group.Shown;
        MarkId = Group.First.MarkId;
        Seen = Group.First.UpdatedAt.UtcTicks;
        if (shown.IsPending) return;
        Ticked = [.. ticks[shown.MarkId]];
        Adjustment = shown.Adjustment is { } a && a != 0 ? Format.Number(a) : null;
        Points = Format.Number(shown.Points);
        Comment = shown.Feedback == "Graded by a TA." ? null : shown.Feedback;
        Note = shown.StaffNote;
    }

    private async Task<bool> LoadAsync(string id, string itemId, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await StaffAccess.AssignmentAsync(db, PageUser.From(User), id, cancellationToken) is not { } access) return false;
            Access = access;
        }
        if (Access.Assignment.CurrentVersionId is not { } version) return false;
        if ((await rubrics.GetAsync(version, cancellationToken)).FindItem(itemId) is not { Kind: ItemKind.Text } item) return false;
        Item = item;
        Criteria = await criteriaStore.ListAsync(id, item, cancellationToken);
        Comments = await savedComments.ListAsync(id, itemId, cancellationToken);
        (Queue, ticks) = await grading.QueueAsync(id, itemId, cancellationToken);
        return true;
    }

    private static double? Parse(string? text) =>
        double.TryParse(text?.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
