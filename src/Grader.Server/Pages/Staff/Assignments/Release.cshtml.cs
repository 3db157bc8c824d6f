using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Release;
using Grader.Data.Rubrics;
using Grader.Server.Grading.Manual;
using Grader.Server.Grading.Release;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Pages.Staff.Assignments;

/// <summary>
/// Releasing an assignment's marks to its students (or one TA-graded item ahead of the rest), and
/// what the rubric's release policy lets students see now.
/// </summary>
public sealed class ReleaseModel(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics, ReleaseViews views, Releases releases,
    ManualGrading grading) : PageModel
{
    public StaffAssignment Access { get; private set; } = null!;
    public ReleaseView View { get; private set; } = null!;
    public string? ReleasedByName { get; private set; }
    public IReadOnlyList<(RubricItem Item, ManualProgress Progress)> TaItems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>Releases (<paramref name="release"/> true) or withdraws the whole assignment.</summary>
    public async Task<IActionResult> OnPostAssignmentAsync(string id, bool release, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        await releases.SetAssignmentAsync(id, release, Access.Staff.StaffId, cancellationToken);
        TempData["Flash"] = release ? "Marks released: students now see them." : "Release withdrawn: students see only what the policy allows before a release.";
        return Redirect(Request.Path);
    }

    public async Task<IActionResult> OnPostItemAsync(string id, string itemId, bool release, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        if (TaItems.All(t => t.Item.Id != itemId)) return NotFound();
        await releases.SetItemAsync(id, itemId, release, Access.Staff.StaffId, cancellationToken);
        TempData["Flash"] = release ? $"Marks of {itemId} released." : $"Release of {itemId} withdrawn.";
        return Redirect(Request.Path);
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await StaffAccess.AssignmentAsync(db, PageUser.From(User), id, cancellationToken) is not { } access) return false;
        Access = access;
        View = (await views.LoadAsync(db, id, cancellationToken))!;
        if (Access.Assignment.ReleasedBy is { } by)
            ReleasedByName = await db.Staff.Where(s => s.Id == by).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken);
        if (Access.Assignment.CurrentVersionId is { } version)
        {
            var items = (await rubrics.GetAsync(version, cancellationToken)).Items.Where(i => StudentMarks.GradedByTa(i)).ToList();
            var progress = await grading.ProgressAsync(id, items, cancellationToken);
            TaItems = items.Select(i => (i, progress[i.Id])).ToList();
        }
        return true;
    }
}
