using System.Globalization;
using Grader.Core.Marking;
using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Rubrics;
using Grader.Server.Grading;
using Grader.Server.Web;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Pages.Staff.Assignments;

/// <summary>
/// The manual-grading queue of one text item: the next ungraded answer with the model answer and
/// notes beside it; a score (a key per usual score) and a comment save it and move on.
/// </summary>
public sealed class ManualItemModel(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics, ManualGrading grading) : PageModel
{
    [BindProperty] public long MarkId { get; set; }
    [BindProperty] public string? Points { get; set; }
    [BindProperty] public string? Comment { get; set; }

    public StaffAssignment Access { get; private set; } = null!;
    public RubricItem Item { get; private set; } = null!;
    public TextCheck Text => (TextCheck)Item.Check;
    public IReadOnlyList<ScoreLevel> Levels { get; private set; } = [];
    public ManualProgress Progress { get; private set; } = new(0, 0);
    public PendingAnswer? Answer { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string itemId, long? after, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, itemId, cancellationToken)) return NotFound();
        Answer = await grading.NextAsync(id, itemId, after, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string itemId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, itemId, cancellationToken)) return NotFound();
        var answer = await grading.FindAsync(id, itemId, MarkId, cancellationToken);
        if (answer is null) return Conflict(MarkId);
        double? points = double.TryParse(Points?.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : null;
        if (ManualScore.Problem(points, answer.MaxPoints) is { } problem)
        {
            Error = problem;
            Answer = answer;
            return Page();
        }
        double score = ManualScore.Round(points!.Value);
        var outcome = await grading.SaveAsync(id, itemId, MarkId, score, Comment ?? "", Access.Staff.StaffId, cancellationToken);
        if (outcome == ManualSaveOutcome.AlreadyGraded) return Conflict(MarkId);
        if (outcome == ManualSaveOutcome.NotFound) return NotFound();
        TempData["Flash"] = $"Saved: {Format.Points(score, answer.MaxPoints)} points.";
        return RedirectToNext(MarkId);
    }

    /// <summary>Another TA got there first: say so, keep their mark, and go on with the queue.</summary>
    private RedirectResult Conflict(long markId)
    {
        TempData["Flash"] = "Someone else graded that answer meanwhile; their mark stands. Here is the next one.";
        return RedirectToNext(markId);
    }

    private RedirectResult RedirectToNext(long markId) =>
        Redirect($"/staff/assignments/{Uri.EscapeDataString(Access.Assignment.Id)}/manual/{Uri.EscapeDataString(Item.Id)}?after={markId}");

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
        Levels = ManualScore.Levels(item);
        Progress = (await grading.ProgressAsync(id, [item], cancellationToken))[item.Id];
        return true;
    }
}
