using System.Globalization;
using Grader.Core.Marking;
using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Rubrics;
using Grader.Server.Grading;
using Grader.Server.Web;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Pages.Staff.Submissions;

/// <summary>Override one mark with a reason (audited), or put back the automatic result; shows the mark's history.</summary>
public sealed class OverrideModel(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics, MarkOverrides overrides) : PageModel
{
    [BindProperty] public string? Points { get; set; }
    [BindProperty] public string? Feedback { get; set; }
    [BindProperty] public string? Reason { get; set; }
    /// <summary>The mark's last update when the form was opened, in UTC ticks: a later change makes the save stale.</summary>
    [BindProperty] public long Seen { get; set; }

    public Submission Submission { get; private set; } = null!;
    public StaffAssignment Access { get; private set; } = null!;
    public RubricItem? Item { get; private set; }
    public Mark Mark { get; private set; } = null!;
    public IReadOnlyList<MarkHistoryEntry> History { get; private set; } = [];
    public string? Error { get; private set; }

    public string BackUrl => $"/submissions/{Submission.Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, string itemId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, itemId, cancellationToken)) return NotFound();
        Points = Format.Number(Mark.Points);
        Feedback = Mark.Feedback;
        Seen = Mark.UpdatedAt.UtcTicks;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string itemId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, itemId, cancellationToken)) return NotFound();
        double? points = double.TryParse(Points?.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : null;
        Error = ManualScore.Problem(points, Mark.MaxPoints) ?? ReasonProblem();
        if (Error is not null) return Page();
        var feedback = string.IsNullOrWhiteSpace(Feedback) ? Mark.Feedback : Feedback.Trim();
        var outcome = await overrides.OverrideAsync(id, itemId, SeenAt, ManualScore.Round(points!.Value), feedback, Reason!.Trim(),
            Access.Staff.StaffId, cancellationToken);
        return Done(outcome, $"Mark of {itemId} overridden.");
    }

    public async Task<IActionResult> OnPostRevertAsync(Guid id, string itemId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, itemId, cancellationToken)) return NotFound();
        Error = ReasonProblem();
        if (Error is not null) return Page();
        var outcome = await overrides.RevertAsync(id, itemId, SeenAt, Reason!.Trim(), Access.Staff.StaffId, cancellationToken);
        return Done(outcome, $"Mark of {itemId} put back to the automatic result.");
    }

    private DateTimeOffset SeenAt => new(Seen, TimeSpan.Zero);

    private IActionResult Done(OverrideOutcome outcome, string saved)
    {
        switch (outcome)
        {
            case OverrideOutcome.Saved:
                TempData["Flash"] = saved;
                return Redirect(BackUrl);
            case OverrideOutcome.Stale:
                Error = "This mark changed since you opened the page (see its history below). Nothing was saved: check it and save again.";
                Seen = Mark.UpdatedAt.UtcTicks;
                return Page();
            case OverrideOutcome.CannotRevert:
                Error = "A model item's automatic mark needs a new evaluation: start a rubric re-run instead.";
                return Page();
            default:
                return NotFound();
        }
    }

    private string? ReasonProblem() =>
        string.IsNullOrWhiteSpace(Reason) ? "Give a reason: it is kept in the mark's history."
        : Reason.Length > 1000 ? "Keep the reason under 1000 characters."
        : null;

    private async Task<bool> LoadAsync(Guid id, string itemId, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await StaffAccess.SubmissionAsync(db, PageUser.From(User), id, cancellationToken) is not { } found) return false;
            (Submission, Access) = found;
        }
        if (await overrides.MarkAsync(id, itemId, cancellationToken) is not { } mark) return false;
        Mark = mark;
        Item = (await rubrics.GetAsync(Submission.RubricVersionId, cancellationToken)).FindItem(itemId);
        History = await overrides.HistoryAsync(id, itemId, cancellationToken);
        return true;
    }
}
