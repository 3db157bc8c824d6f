using System.Diagnostics;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Metrics;
using Grader.Data.Queue;
using Grader.Worker.Handlers;
using Grader.Worker.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Grader.Worker;

/// <summary>
/// Claims jobs of its queues, up to <see cref="WorkerSettings.Concurrency"/> at once, and runs
/// each through its handler while a heartbeat renews the lease. An infrastructure failure is
/// retried with backoff (dead after the last attempt, the submission marked failed). On
/// shutdown no new jobs are claimed; running ones get <see cref="WorkerSettings.ShutdownGrace"/>
/// to finish, then are released for another worker. The gpu queue is only taken when an
/// <see cref="IModelEvaluator"/> is registered. Jobs whose handler can do several at once
/// (<see cref="IBatchJobHandler"/>) are claimed up to <see cref="WorkerSettings.BatchSize"/> per
/// slot and done in one transaction; if that fails they are run one by one, so a batch never
/// costs a job more than running alone would. A database outage ends nothing: claiming backs
/// off until the database answers again, and a job's bookkeeping is retried while its lease lasts.
/// While it runs the worker keeps its entry in the <see cref="WorkerRegistry"/> (<see cref="WorkerPresence"/>).
/// </summary>
public sealed class GradingWorker(
    JobQueue queue, JobWakeups wakeups, WorkerRegistry registry, WorkerSettings settings, IServiceProvider services,
    IDbContextFactory<GraderDbContext> contexts, IEnumerable<ISubmissionSettledHook> settledHooks,
    GraderMetrics metrics, ILogger<GradingWorker> logger) : BackgroundService
{
    /// <summary>The longest wait between claims while claiming fails: how late a worker notices that the database is back.</summary>
    private static readonly TimeSpan MaxClaimBackoff = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var handlers = CreateHandlers();
        var queues = settings.Queues.Where(q => q != QueueNames.Gpu || handlers.ContainsKey(JobKinds.EvaluateModel)).ToList();
        if (queues.Count < settings.Queues.Count)
            logger.LogWarning("no model evaluator is registered: this worker leaves the gpu queue to a worker that has one");
        if (queues.Count == 0) return;
        logger.LogInformation("worker {Name} takes {Queues} with concurrency {Concurrency}", settings.Name, string.Join(",", queues), settings.Concurrency);

        using var hardStop = new CancellationTokenSource();
        await using var onStop = stoppingToken.Register(() => hardStop.CancelAfter(settings.ShutdownGrace));
        // The pages read which queues have a worker: a model item waits for a GPU worker, or for none.
        var presence = WorkerPresence.KeepAsync(registry, queue.Options, settings.Name, queues, logger, stoppingToken);
        var listening = wakeups.ListenAsync(queues, stoppingToken);
        var running = new HashSet<Task>();
        int claimFailures = 0;
        metrics.WorkerSlots.WithLabels(settings.Name).Set(settings.Concurrency);
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveWhere(t => t.IsCompleted);
            metrics.WorkerHeartbeat.WithLabels(settings.Name).SetToTimeUtc(DateTimeOffset.UtcNow);
            metrics.WorkerBusySlots.WithLabels(settings.Name).Set(running.Count);
            int free = settings.Concurrency - running.Count;
            IReadOnlyList<IReadOnlyList<ClaimedJob>> claimed = [];
            if (free > 0)
            {
                try
                {
                    claimed = await ClaimAsync(queues, handlers, free, stoppingToken);
                    if (claimFailures > 0) logger.LogWarning("claiming works again after {Failures} failed tries", claimFailures);
                    claimFailures = 0;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database is down or restarting: back off, so that a long outage costs
                    // neither a log line nor a connection attempt per poll interval, and keep going.
                    var delay = RetryBackoff.Delay(++claimFailures, queue.Options.PollInterval, MaxClaimBackoff);
                    logger.LogWarning("claiming failed ({Message}); trying again in {Delay:F1} s", e.GetBaseException().Message, delay.TotalSeconds);
                    try { await Task.Delay(delay, stoppingToken); }
                    catch (OperationCanceledException) { break; }
                    continue;
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            foreach (var jobs in claimed)
                running.Add(Task.Run(() => jobs.Count == 1 ? RunAsync(jobs[0], handlers, hardStop.Token) : RunBatchAsync(jobs, handlers, hardStop.Token),
                    CancellationToken.None));
            if (claimed.Count == 0 || running.Count >= settings.Concurrency)
                await wakeups.WaitAsync(queue.Options.PollInterval, stoppingToken);
        }
        await Task.WhenAll(running);
        await listening;
        await presence;
    }

    /// <summary>
    /// Work for <paramref name="free"/> slots, one list of jobs per slot: the oldest due jobs of
    /// any kind, one per slot (so no kind waits behind a backlog of another), each joined by more
    /// of its kind when its handler does batches.
    /// </summary>
    private async Task<IReadOnlyList<IReadOnlyList<ClaimedJob>>> ClaimAsync(IReadOnlyList<string> queues,
        Dictionary<string, IJobHandler> handlers, int free, CancellationToken cancellationToken)
    {
        var slots = new List<IReadOnlyList<ClaimedJob>>();
        foreach (var job in await queue.ClaimAsync(queues, settings.Name, free, cancellationToken))
        {
            if (settings.BatchSize <= 1 || handlers.GetValueOrDefault(job.Kind) is not IBatchJobHandler)
            {
                slots.Add([job]);
                continue;
            }
            IReadOnlyList<ClaimedJob> more = [];
            try
            {
                more = await queue.ClaimAsync(queues, settings.Name, settings.BatchSize - 1, cancellationToken, [job.Kind]);
            }
            catch (Exception e)
            {
                // The jobs already claimed are ours: run them (or, when stopping, release them)
                // rather than leave them to lease expiry.
                if (!cancellationToken.IsCancellationRequested)
                    logger.LogWarning("could not fill a batch ({Message}); running the jobs already claimed", e.GetBaseException().Message);
            }
            slots.Add([job, .. more]);
        }
        return slots;
    }

    private Dictionary<string, IJobHandler> CreateHandlers()
    {
        var handlers = new Dictionary<string, IJobHandler>();
        Add(ActivatorUtilities.CreateInstance<SubmissionGradingHandler>(services));
        if (services.GetService(typeof(IModelEvaluator)) is not null)
            Add(ActivatorUtilities.CreateInstance<ModelEvaluationHandler>(services));
        // Further kinds (forge fetch and report jobs) come registered as IJobHandler services.
        foreach (var handler in services.GetServices<IJobHandler>()) Add(handler);
        return handlers;

        void Add(IJobHandler handler) => handlers[handler.Kind] = handler;
    }

    private async Task RunAsync(ClaimedJob job, Dictionary<string, IJobHandler> handlers, CancellationToken hardStop)
    {
        long started = Stopwatch.GetTimestamp();
        string outcome = JobOutcomes.Released;
        using var lease = CancellationTokenSource.CreateLinkedTokenSource(hardStop);
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(job, lease, stopHeartbeat.Token);
        try
        {
            if (!handlers.TryGetValue(job.Kind, out var handler))
            {
                await queue.ReleaseAsync(job, CancellationToken.None, TimeSpan.FromSeconds(30));
                return;
            }
            outcome = await handler.HandleAsync(job, lease.Token) ? JobOutcomes.Succeeded : JobOutcomes.LeaseLost;
            if (outcome == JobOutcomes.LeaseLost)
                logger.LogWarning("job {Job}: lease lost before completion; its new holder's result stands", job.Id);
        }
        catch (JobDeferredException e)
        {
            outcome = JobOutcomes.Deferred;
            logger.LogWarning("job {Job} deferred by {Delay}: {Reason}", job.Id, e.Delay, e.Message);
            await TryAsync(() => queue.ReleaseAsync(job, CancellationToken.None, e.Delay), job, "defer", hardStop);
        }
        catch (PermanentJobFailureException e)
        {
            outcome = JobOutcomes.Dead;
            logger.LogWarning("job {Job} failed for good: {Error}", job.Id, e.Message);
            bool buried = false; // a retry after the bury committed must still fail the submission
            await TryAsync(async () => (buried = buried || await queue.BuryAsync(job, e.Message, CancellationToken.None))
                && await MarkSubmissionFailedAsync(job, $"grading failed: {e.Message}"), job, "bury", hardStop);
        }
        catch (OperationCanceledException) when (lease.IsCancellationRequested)
        {
            if (hardStop.IsCancellationRequested) await TryAsync(() => queue.ReleaseAsync(job, CancellationToken.None), job, "release", hardStop);
            else
            {
                outcome = JobOutcomes.LeaseLost;
                logger.LogWarning("job {Job}: lease lost while running; abandoned", job.Id);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning("job {Job} attempt {Attempt} failed: {Error}", job.Id, job.Attempt, e.Message);
            FailureOutcome? failure = null; // a retry after the failure was recorded must not record it again
            await TryAsync(async () =>
            {
                failure ??= await queue.FailAsync(job, $"{e.GetType().Name}: {e.Message}", CancellationToken.None);
                if (failure.Dead) await MarkSubmissionFailedAsync(job, $"grading failed after {job.Attempt} attempts: {e.Message}");
                return failure.Accepted;
            }, job, "record the failure of", hardStop);
            outcome = failure is null ? JobOutcomes.Retry : !failure.Accepted ? JobOutcomes.LeaseLost : failure.Dead ? JobOutcomes.Dead : JobOutcomes.Retry;
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
            Record(job, outcome, started);
            wakeups.Wake();
        }
    }

    /// <summary>
    /// Jobs claimed together for a batch handler, done in one transaction while a heartbeat holds
    /// each lease. When they cannot be done together (a lease lost, an error), each is run on its
    /// own, with the usual retries and bookkeeping; on shutdown they are released.
    /// </summary>
    private async Task RunBatchAsync(IReadOnlyList<ClaimedJob> jobs, Dictionary<string, IJobHandler> handlers, CancellationToken hardStop)
    {
        long started = Stopwatch.GetTimestamp();
        bool done = false;
        using (var lease = CancellationTokenSource.CreateLinkedTokenSource(hardStop))
        using (var stopHeartbeats = new CancellationTokenSource())
        {
            var heartbeats = jobs.Select(job => HeartbeatAsync(job, lease, stopHeartbeats.Token)).ToList();
            try
            {
                done = await ((IBatchJobHandler)handlers[jobs[0].Kind]).HandleBatchAsync(jobs, lease.Token);
            }
            catch (Exception e) when (!hardStop.IsCancellationRequested)
            {
                logger.LogWarning("a batch of {Count} {Kind} jobs failed ({Message}); running them one by one", jobs.Count, jobs[0].Kind, e.Message);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                await stopHeartbeats.CancelAsync();
                await Task.WhenAll(heartbeats);
            }
        }
        if (done)
        {
            foreach (var job in jobs) Record(job, JobOutcomes.Succeeded, started);
            wakeups.Wake();
            return;
        }
        foreach (var job in jobs)
        {
            if (hardStop.IsCancellationRequested)
            {
                await TryAsync(() => queue.ReleaseAsync(job, CancellationToken.None), job, "release", hardStop);
                Record(job, JobOutcomes.Released, started);
            }
            else await RunAsync(job, handlers, hardStop);
        }
    }

    /// <summary>Counts a job's outcome; the time of those that succeeded is their latency from claim to completion.</summary>
    private void Record(ClaimedJob job, string outcome, long started)
    {
        metrics.Jobs.WithLabels(job.Queue, job.Kind, outcome).Inc();
        if (outcome == JobOutcomes.Succeeded)
            metrics.JobDuration.WithLabels(job.Queue, job.Kind).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>A dead job's submission (if it has one) is failed, and the settled hooks run in that transaction.</summary>
    private async Task<bool> MarkSubmissionFailedAsync(ClaimedJob job, string reason)
    {
        if (job.SubmissionId is not { } submission) return true;
        await using var db = await contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Submissions.Where(s => s.Id == submission).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, SubmissionStatus.Failed)
            .SetProperty(x => x.Error, reason));
        foreach (var hook in settledHooks) await hook.OnSettledAsync(db, [submission], CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return true;
    }

    /// <summary>
    /// Renews the lease every third of its duration. When the queue says the lease is gone, the
    /// job's work is cancelled; when the database cannot be reached, it keeps trying.
    /// </summary>
    private async Task HeartbeatAsync(ClaimedJob job, CancellationTokenSource lease, CancellationToken stop)
    {
        var interval = queue.Options.LeaseDuration / 3;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stop);
                if (!await queue.HeartbeatAsync(job, stop))
                {
                    metrics.LeaseRenewals.WithLabels("lost").Inc();
                    await lease.CancelAsync();
                    return;
                }
                metrics.LeaseRenewals.WithLabels("renewed").Inc();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                metrics.LeaseRenewals.WithLabels("failed").Inc();
                logger.LogWarning("job {Job}: heartbeat failed ({Message})", job.Id, e.Message);
            }
        }
    }

    /// <summary>
    /// Queue bookkeeping (fail, defer, bury, release). While the database is unreachable it is
    /// tried again with backoff, for as long as the lease would hold the job anyway: the job is
    /// back in the queue as soon as the database is, not a lease later. Past that, or on another
    /// error, or when the worker must stop, it is left to lease expiry.
    /// </summary>
    private async Task TryAsync(Func<Task<bool>> action, ClaimedJob job, string what, CancellationToken hardStop)
    {
        var giveUp = DateTimeOffset.UtcNow + queue.Options.LeaseDuration;
        for (int failures = 1; ; failures++)
        {
            try
            {
                await action();
                return;
            }
            catch (Exception e)
            {
                var delay = RetryBackoff.Delay(failures, TimeSpan.FromMilliseconds(250), MaxClaimBackoff);
                if (!DatabaseErrors.IsTransient(e) || hardStop.IsCancellationRequested || DateTimeOffset.UtcNow + delay > giveUp)
                {
                    logger.LogWarning("could not {What} job {Job} ({Message}); its lease will expire", what, job.Id, e.Message);
                    return;
                }
                logger.LogWarning("could not {What} job {Job} ({Message}); trying again in {Delay:F1} s", what, job.Id, e.GetBaseException().Message, delay.TotalSeconds);
                try { await Task.Delay(delay, hardStop); }
                catch (OperationCanceledException) { }
            }
        }
    }
}
