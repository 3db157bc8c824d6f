using Grader.Data;
using Grader.Server.Grading;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Pages.Staff.Assignments;

/// <summary>Rubric re-runs of an assignment: instructors start them; all staff see them and the marks they changed.</summary>
public sealed class RegradesModel(IDbContextFactory<GraderDbContext> contexts, Regrades regrades) : PageModel
{
    public StaffAssignment Access { get; private set; } = null!;
    public int SubmissionCount { get; private set; }
    public IReadOnlyList<RegradeRow> Runs { get; private set; } = [];
    public RegradeRow? Selected { get; private set; }
    public IReadOnlyList<RegradeChange> Changes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, long? regradeId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        Runs = await regrades.ListAsync(id, cancellationToken);
        if (regradeId is { } selected)
        {
            Selected = Runs.FirstOrDefault(r => r.Id == selected);
            if (Selected is null) return NotFound();
            Changes = await regrades.ChangesAsync(id, selected, cancellationToken);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        // Re-running touches every student's marks: an instructor's decision, not a TA's.
        if (!Access.Staff.IsInstructor) return StatusCode(StatusCodes.Status403Forbidden);
        if (await regrades.StartAsync(id, Access.Staff.StaffId, cancellationToken) is not { } started) return NotFound();
        TempData["Flash"] = $"Re-run #{started} started: {SubmissionCount} submissions queued for grading.";
        return Redirect($"/staff/assignments/{Uri.EscapeDataString(id)}/regrades/{started}");
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await StaffAccess.AssignmentAsync(db, PageUser.From(User), id, cancellationToken) is not { } access) return false;
        Access = access;
        SubmissionCount = await db.Submissions.CountAsync(s => s.AssignmentId == id, cancellationToken);
        return true;
    }
}
