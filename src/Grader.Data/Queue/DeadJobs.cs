using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Queue;

/// <summary>Staff's second chance for a dead job, once the cause (a missing data set, say) is fixed.</summary>
public static class DeadJobs
{
    /// <summary>
    /// Puts a dead job back in its queue with a fresh set of attempts (its last error stays for the
    /// record until a worker overwrites it), and its failed submission back to waiting. False when
    /// the job is not dead (anymore): two staff pressing Retry at once revive it once.
    /// </summary>
    public static async Task<bool> RetryAsync(GraderDbContext db, long jobId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One statement, so the state check and the change cannot interleave with another retry;
        // times from the database clock, like every other queue transition.
        var job = (await db.Database.SqlQuery<RevivedJob>($"""
            UPDATE jobs SET state = 'queued', attempts = 0, run_after = now(), finished_at = NULL,
                lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = now()
            WHERE id = {jobId} AND state = 'dead'
            RETURNING queue AS "Queue", kind AS "Kind", submission_id AS "SubmissionId"
            """).ToListAsync(cancellationToken)).SingleOrDefault();
        if (job is null) return false;
        if (job.SubmissionId is { } submissionId)
        {
            var waiting = job.Kind == JobKinds.EvaluateModel ? SubmissionStatus.PendingModel : SubmissionStatus.Queued;
            await db.Submissions.Where(s => s.Id == submissionId && s.Status == SubmissionStatus.Failed)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, waiting).SetProperty(x => x.Error, (string?)null), cancellationToken);
        }
        // The insert trigger does not fire for an update: wake idle workers ourselves.
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify('grader_jobs', {job.Queue})", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private sealed record RevivedJob(string Queue, string Kind, Guid? SubmissionId);
}
