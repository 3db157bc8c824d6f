using Grader.Data;
using Grader.Data.Queue;
using Grader.Server.Web.Auth;
using Grader.Server.Web.Queue;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Pages.Staff;

/// <summary>The queue monitor: jobs by queue and state, running and dead jobs, the last hour's throughput.</summary>
public sealed class QueueModel(QueueMonitor monitor, IDbContextFactory<GraderDbContext> contexts) : PageModel
{
    public QueueSnapshot Snapshot { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Snapshot = await monitor.ReadAsync(PageUser.From(User)!.StaffCourses, cancellationToken);

    public async Task<IActionResult> OnPostRetryAsync(long jobId, CancellationToken cancellationToken)
    {
        if (!await monitor.IsInCoursesAsync(jobId, PageUser.From(User)!.StaffCourses, cancellationToken)) return NotFound();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        TempData["Flash"] = await DeadJobs.RetryAsync(db, jobId, cancellationToken)
            ? $"Job {jobId} is queued again."
            : $"Job {jobId} was not dead anymore; nothing changed.";
        return RedirectToPage();
    }
}
