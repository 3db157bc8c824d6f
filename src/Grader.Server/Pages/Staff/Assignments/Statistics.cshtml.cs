using Grader.Data;
using Grader.Server.Grading;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Pages.Staff.Assignments;

/// <summary>Per item and in all: how the counted submissions scored, the common wrong answers, where points were lost.</summary>
public sealed class StatisticsModel(IDbContextFactory<GraderDbContext> contexts, AssignmentStatisticsQuery query) : PageModel
{
    public StaffAssignment Access { get; private set; } = null!;
    public AssignmentStatistics? Statistics { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await StaffAccess.AssignmentAsync(db, PageUser.From(User), id, cancellationToken) is not { } access) return NotFound();
            Access = access;
        }
        if (Access.Assignment.CurrentVersionId is not null) Statistics = await query.GetAsync(Access.Assignment, cancellationToken);
        return Page();
    }
}
