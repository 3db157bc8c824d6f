using System.Globalization;
using Grader.Data;
using Grader.Data.Queue;
using Microsoft.EntityFrameworkCore;

namespace Grader.Worker.Forges;

/// <summary>When a submission that came from a push settles, queue the report on its commit (same transaction).</summary>
public sealed class ForgeReportHook(JobQueue queue) : ISubmissionSettledHook
{
    public async Task OnSettledAsync(GraderDbContext db, IReadOnlyCollection<Guid> submissionIds, CancellationToken cancellationToken)
    {
        var ids = submissionIds.ToList();
        var pushes = await db.ForgePushes.AsNoTracking().Where(p => p.SubmissionId != null && ids.Contains(p.SubmissionId.Value))
            .Select(p => p.Id).ToListAsync(cancellationToken);
        foreach (var push in pushes)
            queue.Enqueue(db, QueueNames.Cpu, JobKinds.ReportStatus, itemId: push.ToString(CultureInfo.InvariantCulture));
    }
}
