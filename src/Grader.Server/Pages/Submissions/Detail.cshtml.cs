using Grader.Data;
using Grader.Data.Rubrics;
using Grader.Server.Web.Auth;
using Grader.Server.Web.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Pages.Submissions;

/// <summary>
/// One submission with every mark explained. Not a staff page: the student who made it sees it too;
/// anyone else, a TA of another course included, gets 404.
/// </summary>
public sealed class DetailModel(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics) : PageModel
{
    public SubmissionDetail Detail { get; private set; } = null!;
    public bool IsStaff { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var viewer = PageUser.From(User)!;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await SubmissionDetailQuery.LoadAsync(db, rubrics, viewer, id, cancellationToken) is not { } detail) return NotFound();
        Detail = detail;
        IsStaff = viewer.StaffOf(detail.Header.CourseId) is not null;
        return Page();
    }

    /// <summary>JSON <c>{status}</c> for site.js, which reloads the page when it changes.</summary>
    public async Task<IActionResult> OnGetStatusAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SubmissionDetailQuery.HeaderAsync(db, PageUser.From(User)!, id, cancellationToken) is { } header
            ? new JsonResult(new { status = header.Status })
            : NotFound();
    }
}
