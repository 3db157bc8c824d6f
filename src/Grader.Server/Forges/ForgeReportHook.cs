using System.Globalization;
using Grader.Data;
using Grader.Data.Queue;
using Grader.Server.Workers;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Forges;

/// <summary>When a submission that came from a push settles, queue the report on its commit (same transaction).</summary>
public sealed class ForgeReportHook(JobQueue queue) : ISubmissionSettledHook
{
    public async Task OnSettledAsync(GraderDbContext db, Guid submissionId, CancellationToken cancellationToken)
    {
        var pushes = await db.ForgePushes.AsNoTracking().Where(p => p.SubmissionId == submissionId).Select(p => p.Id).ToListAsync(cancellationToken);
        foreach (var push in pushes)
            queue.Enqueue(db, QueueNames.Cpu, JobKinds.ReportStatus, itemId: push.ToString(CultureInfo.InvariantCulture));
    }
}
