using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Queue;

/// <summary>
/// The durable queue, a table in the grading database.
/// <list type="bullet">
/// <item>Enqueue adds the job to the caller's unit of work, so it commits with the submission:
/// an accepted upload always has its job.</item>
/// <item>Claim takes due jobs, and running jobs whose lease ran out (their worker died), with
/// <c>FOR UPDATE SKIP LOCKED</c>; each claim counts as an attempt and issues a new lease token.</item>
/// <item>Heartbeat, completion, failure and release only act while the job still carries the
/// caller's lease token: a worker that lost its lease cannot overwrite the new holder's work.</item>
/// <item>Failure retries with exponential backoff and jitter; after MaxAttempts the job is dead,
/// its last error kept.</item>
/// </list>
/// Times come from the database clock (<c>now()</c>), never from a worker's.
/// </summary>
public sealed class JobQueue(IDbContextFactory<GraderDbContext> contexts, QueueOptions options)
{
    public QueueOptions Options => options;

    /// <summary>Adds a job to <paramref name="db"/>'s unit of work; saved by the caller's SaveChanges.</summary>
    public Job Enqueue(GraderDbContext db, string queue, string kind, Guid? submissionId = null, string? itemId = null,
        long? regradeId = null)
    {
        var job = new Job
        {
            Queue = queue,
            Kind = kind,
            SubmissionId = submissionId,
            ItemId = itemId,
            RegradeId = regradeId,
            State = JobStates.Queued,
            MaxAttempts = options.MaxAttempts,
            RunAfter = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Jobs.Add(job);
        return job;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> jobs of the given queues for <paramref name="worker"/>;
    /// only jobs of <paramref name="kinds"/> when given (a worker fills a batch of one kind).
    /// </summary>
    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(IReadOnlyList<string> queues, string worker, int limit,
        CancellationToken cancellationToken, IReadOnlyCollection<string>? kinds = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        string[] queueArray = [.. queues];
        string[] kindArray = kinds is null ? [] : [.. kinds]; // empty: any kind
        double leaseSeconds = options.LeaseDuration.TotalSeconds;
        // Hand-written because EF Core cannot express it: one statement that picks due jobs and
        // takes them. FOR UPDATE locks the picked rows so no other claimer takes them too; SKIP
        // LOCKED makes concurrent claimers pass over rows another transaction holds instead of
        // waiting for it, so N workers each get different jobs without blocking one another.
        // Due jobs are read per queue in the order of the jobs_due index, so a claim touches
        // about `limit` rows whatever the backlog (one scan over both states with OR, as before,
        // fetched and sorted every queued job: 1.6 ms a claim at 3,000 queued).
        // A running job whose lease expired is claimable: its worker died or stalled. If that was
        // its last attempt it is not claimed again (it may be what kills its workers): the first
        // CTE marks it dead, in the same statement so a claim stays one round trip (the sets of
        // rows are disjoint). The new lease token fences the old holder out. All values are
        // parameters; times come from the database clock.
        var claimed = await db.Jobs.FromSql($"""
            WITH buried AS (
                UPDATE jobs SET state = 'dead',
                                last_error = coalesce(last_error, '') || ' [lease expired on the last attempt: the worker died or stalled]',
                                finished_at = now(),
                                updated_at = now()
                WHERE queue = ANY({queueArray}) AND state = 'running'
                  AND lease_expires_at <= now() AND attempts >= max_attempts
                RETURNING id),
            due AS (
                SELECT job.id, job.run_after FROM unnest({queueArray}) AS q(name)
                CROSS JOIN LATERAL (
                    SELECT id, run_after FROM jobs
                    WHERE queue = q.name AND state = 'queued' AND run_after <= now()
                      AND (cardinality({kindArray}) = 0 OR kind = ANY({kindArray}))
                    ORDER BY run_after, id
                    LIMIT {limit}
                    FOR UPDATE SKIP LOCKED) AS job),
            expired AS (
                SELECT id, lease_expires_at AS run_after FROM jobs
                WHERE queue = ANY({queueArray}) AND state = 'running'
                  AND lease_expires_at <= now() AND attempts < max_attempts
                  AND (cardinality({kindArray}) = 0 OR kind = ANY({kindArray}))
                ORDER BY lease_expires_at, id
                LIMIT {limit}
                FOR UPDATE SKIP LOCKED),
            picked AS (
                SELECT id FROM (SELECT id, run_after FROM due UNION ALL SELECT id, run_after FROM expired) AS candidates
                ORDER BY run_after, id
                LIMIT {limit})
            UPDATE jobs SET state = 'running',
                            attempts = jobs.attempts + 1,
                            lease_owner = {worker},
                            lease_token = gen_random_uuid(),
                            lease_expires_at = now() + make_interval(secs => {leaseSeconds}),
                            updated_at = now()
            FROM picked WHERE jobs.id = picked.id
            RETURNING jobs.*
            """).AsNoTracking().ToListAsync(cancellationToken);
        return claimed.OrderBy(j => j.Id).Select(j => new ClaimedJob(j.Id, j.Queue, j.Kind, j.SubmissionId, j.ItemId,
            j.Attempts, j.MaxAttempts, j.LeaseToken!.Value, j.LeaseExpiresAt!.Value, j.RegradeId)).ToList();
    }

    /// <summary>Extends the lease; false when it was lost (the work must stop, its result is void).</summary>
    public async Task<bool> HeartbeatAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var lease = options.LeaseDuration;
        return await Held(db, job).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.LeaseExpiresAt, j => DateTimeOffset.UtcNow + lease)
            .SetProperty(j => j.UpdatedAt, DateTimeOffset.UtcNow), cancellationToken) == 1;
    }

    /// <summary>
    /// Marks the job done inside <paramref name="db"/>'s open transaction, first thing in it: the
    /// row lock it takes keeps the job from being claimed until the caller commits. False when the
    /// lease was lost; the caller must then roll back everything it wrote.
    /// </summary>
    public Task<bool> CompleteAsync(GraderDbContext db, ClaimedJob job, CancellationToken cancellationToken) =>
        CompleteAsync(db, [job], cancellationToken);

    /// <summary>
    /// As above for jobs whose results commit together, in one statement: true only when every
    /// lease still holds; otherwise the caller rolls back and none of them is done.
    /// </summary>
    public async Task<bool> CompleteAsync(GraderDbContext db, IReadOnlyCollection<ClaimedJob> jobs, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("complete a job inside the transaction that stores its result");
        return await Held(db, jobs).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobStates.Succeeded)
            .SetProperty(j => j.LeaseToken, (Guid?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(j => j.FinishedAt, DateTimeOffset.UtcNow)
            .SetProperty(j => j.UpdatedAt, DateTimeOffset.UtcNow), cancellationToken) == jobs.Count;
    }

    /// <summary>Records an infrastructure failure: retried after a backoff, or dead after the last attempt.</summary>
    public async Task<FailureOutcome> FailAsync(ClaimedJob job, string error, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        bool dead = job.Attempt >= job.MaxAttempts;
        var delay = RetryBackoff.Delay(job.Attempt, options.RetryBaseDelay, options.RetryMaxDelay);
        if (error.Length > 4000) error = error[..4000];
        int updated = await Held(db, job).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, dead ? JobStates.Dead : JobStates.Queued)
            .SetProperty(j => j.RunAfter, j => DateTimeOffset.UtcNow + delay)
            .SetProperty(j => j.LastError, error)
            .SetProperty(j => j.LeaseToken, (Guid?)null)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(j => j.FinishedAt, dead ? DateTimeOffset.UtcNow : null)
            .SetProperty(j => j.UpdatedAt, DateTimeOffset.UtcNow), cancellationToken);
        return new FailureOutcome(updated == 1, dead && updated == 1, dead || updated == 0 ? null : DateTimeOffset.UtcNow + delay);
    }

    /// <summary>
    /// Ends a job as dead at once, whatever attempts are left: a permanent failure (the repository
    /// is gone, access was withdrawn) that retrying cannot fix. Kept with its error for staff.
    /// </summary>
    public async Task<bool> BuryAsync(ClaimedJob job, string error, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (error.Length > 4000) error = error[..4000];
        return await Held(db, job).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobStates.Dead)
            .SetProperty(j => j.LastError, error)
            .SetProperty(j => j.LeaseToken, (Guid?)null)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(j => j.FinishedAt, DateTimeOffset.UtcNow)
            .SetProperty(j => j.UpdatedAt, DateTimeOffset.UtcNow), cancellationToken) == 1;
    }

    /// <summary>
    /// Gives a job back untouched (graceful shutdown, or a worker that cannot do this kind of
    /// job): claimable again at once, and the attempt is not counted.
    /// </summary>
    public async Task<bool> ReleaseAsync(ClaimedJob job, CancellationToken cancellationToken, TimeSpan? delay = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var wait = delay ?? TimeSpan.Zero;
        return await Held(db, job).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobStates.Queued)
            .SetProperty(j => j.Attempts, j => j.Attempts - 1)
            .SetProperty(j => j.RunAfter, j => DateTimeOffset.UtcNow + wait)
            .SetProperty(j => j.LeaseToken, (Guid?)null)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(j => j.UpdatedAt, DateTimeOffset.UtcNow), cancellationToken) == 1;
    }

    private static IQueryable<Job> Held(GraderDbContext db, ClaimedJob job) =>
        db.Jobs.Where(j => j.Id == job.Id && j.State == JobStates.Running && j.LeaseToken == job.LeaseToken);

    /// <summary>
    /// As above for several jobs in one query. Lease tokens are random per claim, so a row whose
    /// id and token are both among the jobs' is one of them still held under its own lease.
    /// </summary>
    private static IQueryable<Job> Held(GraderDbContext db, IReadOnlyCollection<ClaimedJob> jobs)
    {
        var ids = jobs.Select(j => j.Id).ToList();
        var tokens = jobs.Select(j => (Guid?)j.LeaseToken).ToList();
        return db.Jobs.Where(j => ids.Contains(j.Id) && j.State == JobStates.Running && tokens.Contains(j.LeaseToken));
    }
}
