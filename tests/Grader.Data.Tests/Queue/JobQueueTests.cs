using System.Collections.Concurrent;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Queue;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Tests.Queue;

public sealed class JobQueueTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly QueueOptions Fast = new()
    {
        LeaseDuration = TimeSpan.FromSeconds(30),
        MaxAttempts = 3,
        RetryBaseDelay = TimeSpan.Zero,
        RetryMaxDelay = TimeSpan.Zero,
    };

    private JobQueue Queue(QueueOptions? options = null) => new(database.Contexts, options ?? Fast);

    /// <summary>Each test uses its own queue name, so tests sharing the database do not meet.</summary>
    private static string NewQueueName() => "test-" + Guid.NewGuid().ToString("N")[..8];

    private async Task EnqueueAsync(JobQueue queue, string name, int count)
    {
        await using var db = await database.OpenAsync();
        for (int i = 0; i < count; i++) queue.Enqueue(db, name, "test");
        await db.SaveChangesAsync();
    }

    private async Task<Job> LoadAsync(long id)
    {
        await using var db = await database.OpenAsync();
        return await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id);
    }

    private async Task<bool> CompleteAsync(JobQueue queue, ClaimedJob job)
    {
        await using var db = await database.OpenAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        bool completed = await queue.CompleteAsync(db, job, CancellationToken.None);
        await transaction.CommitAsync();
        return completed;
    }

    [Fact]
    public async Task Concurrent_claimers_never_get_the_same_job()
    {
        var queue = Queue();
        var name = NewQueueName();
        await EnqueueAsync(queue, name, 600);

        var claimedBy = new ConcurrentDictionary<long, string>();
        var duplicates = new ConcurrentBag<long>();
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            while (true)
            {
                var jobs = await queue.ClaimAsync([name], $"worker-{w}", 7, CancellationToken.None);
                if (jobs.Count == 0) return;
                foreach (var job in jobs)
                {
                    if (!claimedBy.TryAdd(job.Id, $"worker-{w}")) duplicates.Add(job.Id);
                    Assert.True(await CompleteAsync(queue, job));
                }
            }
        }));
        await Task.WhenAll(workers);

        Assert.Empty(duplicates);
        Assert.Equal(600, claimedBy.Count);
        Assert.True(claimedBy.Values.Distinct().Count() > 1, "the work should spread over several workers");
        await using var db = await database.OpenAsync();
        Assert.Equal(600, await db.Jobs.CountAsync(j => j.Queue == name && j.State == JobStates.Succeeded && j.Attempts == 1));
    }

    [Fact]
    public async Task Claim_takes_only_the_named_queues()
    {
        var queue = Queue();
        string mine = NewQueueName(), other = NewQueueName();
        await EnqueueAsync(queue, other, 3);
        Assert.Empty(await queue.ClaimAsync([mine], "w", 10, CancellationToken.None));
        await EnqueueAsync(queue, mine, 2);
        var claimed = await queue.ClaimAsync([mine], "w", 10, CancellationToken.None);
        Assert.Equal(2, claimed.Count);
        Assert.All(claimed, j => Assert.Equal(mine, j.Queue));
    }

    [Fact]
    public async Task Claim_takes_the_oldest_due_jobs_first_across_queues_and_leaves_future_ones()
    {
        var queue = Queue();
        string first = NewQueueName(), second = NewQueueName();
        var ids = new List<long>();
        await using (var db = await database.OpenAsync())
        {
            // Alternating queues, each job due a little later than the one before; one not due yet.
            var start = DateTimeOffset.UtcNow.AddMinutes(-10);
            var jobs = Enumerable.Range(0, 6).Select(i => queue.Enqueue(db, i % 2 == 0 ? first : second, "test")).ToList();
            for (int i = 0; i < jobs.Count; i++) jobs[i].RunAfter = start.AddSeconds(i);
            queue.Enqueue(db, first, "test").RunAfter = DateTimeOffset.UtcNow.AddMinutes(10);
            await db.SaveChangesAsync();
            ids.AddRange(jobs.Select(j => j.Id));
        }

        var claimed = await queue.ClaimAsync([first, second], "w", 4, CancellationToken.None);
        Assert.Equal(ids.Take(4), claimed.Select(j => j.Id).Order());
        var rest = await queue.ClaimAsync([first, second], "w", 10, CancellationToken.None);
        Assert.Equal(ids.Skip(4), rest.Select(j => j.Id).Order());
    }

    [Fact]
    public async Task Claim_limited_to_kinds_takes_only_those_kinds()
    {
        var queue = Queue();
        var name = NewQueueName();
        await using (var db = await database.OpenAsync())
        {
            for (int i = 0; i < 3; i++)
            {
                queue.Enqueue(db, name, "report");
                queue.Enqueue(db, name, "grade");
            }
            await db.SaveChangesAsync();
        }
        var grades = await queue.ClaimAsync([name], "w", 10, CancellationToken.None, ["grade"]);
        Assert.Equal(3, grades.Count);
        Assert.All(grades, j => Assert.Equal("grade", j.Kind));
        var others = await queue.ClaimAsync([name], "w", 10, CancellationToken.None);
        Assert.Equal(["report", "report", "report"], others.Select(j => j.Kind));
    }

    [Fact]
    public async Task Completing_several_jobs_together_fails_whole_when_one_lease_was_lost()
    {
        var queue = Queue(Fast with { LeaseDuration = TimeSpan.FromMilliseconds(300) });
        var name = NewQueueName();
        await EnqueueAsync(queue, name, 3);
        var held = await queue.ClaimAsync([name], "slow", 3, CancellationToken.None);
        await Task.Delay(600);
        // Another worker takes over one job whose lease ran out; the other two still carry our tokens.
        var stolen = Assert.Single(await queue.ClaimAsync([name], "rescuer", 1, CancellationToken.None));

        await using (var db = await database.OpenAsync())
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            Assert.False(await queue.CompleteAsync(db, held, CancellationToken.None));
            await transaction.RollbackAsync();
        }
        foreach (var job in held) Assert.Equal(JobStates.Running, (await LoadAsync(job.Id)).State); // nothing completed

        await using (var db = await database.OpenAsync())
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            Assert.True(await queue.CompleteAsync(db, [stolen], CancellationToken.None));
            await transaction.CommitAsync();
        }
        Assert.Equal(JobStates.Succeeded, (await LoadAsync(stolen.Id)).State);
    }

    [Fact]
    public async Task A_job_whose_lease_expired_is_claimed_again_and_the_stale_worker_is_fenced_out()
    {
        var queue = Queue(Fast with { LeaseDuration = TimeSpan.FromMilliseconds(300) });
        var name = NewQueueName();
        await EnqueueAsync(queue, name, 1);
        var first = Assert.Single(await queue.ClaimAsync([name], "dies", 1, CancellationToken.None));
        Assert.Empty(await queue.ClaimAsync([name], "other", 1, CancellationToken.None));

        await Task.Delay(600);
        var second = Assert.Single(await queue.ClaimAsync([name], "rescuer", 1, CancellationToken.None));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.Attempt);
        Assert.NotEqual(first.LeaseToken, second.LeaseToken);
        Assert.False(await queue.HeartbeatAsync(first, CancellationToken.None));
        Assert.False(await CompleteAsync(queue, first));
        Assert.False((await queue.FailAsync(first, "late", CancellationToken.None)).Accepted);
        Assert.True(await queue.HeartbeatAsync(second, CancellationToken.None));
        Assert.True(await CompleteAsync(queue, second));
        var stored = await LoadAsync(first.Id);
        Assert.Equal(JobStates.Succeeded, stored.State);
        Assert.Null(stored.LastError);
    }

    [Fact]
    public async Task Heartbeats_keep_a_lease_alive()
    {
        var queue = Queue(Fast with { LeaseDuration = TimeSpan.FromMilliseconds(500) });
        var name = NewQueueName();
        await EnqueueAsync(queue, name, 1);
        var job = Assert.Single(await queue.ClaimAsync([name], "alive", 1, CancellationToken.None));
        for (int i = 0; i < 4; i++)
        {
            await Task.Delay(250);
            Assert.True(await queue.HeartbeatAsync(job, CancellationToken.None));
        }
        Assert.Empty(await queue.ClaimAsync([name], "thief", 1, CancellationToken.None));
        Assert.True(await CompleteAsync(queue, job));
    }

    [Fact]
    public async Task Completion_rolled_back_leaves_the_job_running()
    {
        var queue = Queue();
        var name = NewQueueName();
        await EnqueueAsync(queue, name, 1);
        var job = Assert.Single(await queue.ClaimAsync([name], "w", 1, CancellationToken.None));
        await using (var db = await database.OpenAsync())
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            Assert.True(await queue.CompleteAsync(db, job, CancellationToken.None));
            await transaction.RollbackAsync();
        }
        Assert.Equal(JobStates.Running, (await LoadAsync(job.Id)).State);
    }

    [Fact]
    public async Task A_failed_job_is_retried_after_its_backoff_with_the_error_kept()
    {
        var queue = Queue(Fast with { RetryBaseDelay = TimeSpan.FromMilliseconds(800), RetryMaxDelay = TimeSpan.FromSeconds(10) });
        var name = NewQueueName();
        await EnqueueAsync(queue, name, 1);
        var job = Assert.Single(await queue.ClaimAsync([name], "w", 1, CancellationToken.None));

        var outcome = await queue.FailAsync(job, "database hiccup", CancellationToken.None);

        Assert.True(outcome.Accepted);
        Assert.False(outcome.Dead);
        var stored = await LoadAsync(job.Id);
        Assert.Equal(JobStates.Queued, stored.State);
        Assert.Equal("database hiccup", stored.LastError);
        Assert.Empty(await queue.ClaimAsync([name], "w", 1, CancellationToken.None));
        await Task.Delay(900);
        var retry = Assert.Single(await queue.ClaimAsync([name], "w", 1, CancellationToken.None));
        Assert.Equal(2, retry.Attempt);
    }

    [Fact]
    public async Task A_job_failing_every_attempt_is_dead_with_its_last_error()
    {
        var queue = Queue();
        var name = NewQueueName();
        await EnqueueAsync(queue, name, 1);
        FailureOutcome outcome = new(false, false, null);
        for (int attempt = 1; attempt <= Fast.MaxAttempts; attempt++)
        {
            var job = Assert.Single(await queue.ClaimAsync([name], "w", 1, CancellationToken.None));
            Assert.Equal(attempt, job.Attempt);
            outcome = await queue.FailAsync(job, $"failure {attempt}", CancellationToken.None);
        }
        Assert.True(outcome.Dead);
        Assert.Empty(await queue.ClaimAsync([name], "w", 1, CancellationToken.None));
        await using var db = await database.OpenAsync();
        var dead = await db.Jobs.SingleAsync(j => j.Queue == name);
        Assert.Equal(JobStates.Dead, dead.State);
        Assert.Equal("failure 3", dead.LastError);
        Assert.NotNull(dead.FinishedAt);
    }

    [Fact]
    public async Task A_job_whose_lease_expired_on_its_last_attempt_is_dead_not_claimed_again()
    {
        var queue = Queue(Fast with { LeaseDuration = TimeSpan.FromMilliseconds(200), MaxAttempts = 1 });
        var name = NewQueueName();
        await EnqueueAsync(queue, name, 1);
        var job = Assert.Single(await queue.ClaimAsync([name], "crashes", 1, CancellationToken.None));
        await Task.Delay(400);
        Assert.Empty(await queue.ClaimAsync([name], "w", 1, CancellationToken.None));
        var stored = await LoadAsync(job.Id);
        Assert.Equal(JobStates.Dead, stored.State);
        Assert.Contains("lease expired", stored.LastError);
    }

    [Fact]
    public async Task A_released_job_is_claimable_at_once_and_the_attempt_is_not_counted()
    {
        var queue = Queue();
        var name = NewQueueName();
        await EnqueueAsync(queue, name, 1);
        var job = Assert.Single(await queue.ClaimAsync([name], "shutting-down", 1, CancellationToken.None));
        Assert.True(await queue.ReleaseAsync(job, CancellationToken.None));
        var again = Assert.Single(await queue.ClaimAsync([name], "w", 1, CancellationToken.None));
        Assert.Equal(1, again.Attempt);
        Assert.False(await queue.ReleaseAsync(job, CancellationToken.None));
    }

    [Fact]
    public async Task Retry_delays_grow_exponentially_with_jitter_and_are_capped()
    {
        var random = new Random(7);
        var baseDelay = TimeSpan.FromSeconds(1);
        var cap = TimeSpan.FromSeconds(20);
        for (int attempt = 1; attempt <= 8; attempt++)
        {
            double full = Math.Min(Math.Pow(2, attempt - 1), 20);
            var delay = RetryBackoff.Delay(attempt, baseDelay, cap, random).TotalSeconds;
            Assert.InRange(delay, full / 2, full);
        }
        var samples = Enumerable.Range(0, 20).Select(_ => RetryBackoff.Delay(3, baseDelay, cap, random)).Distinct().Count();
        Assert.True(samples > 10, "jitter should spread retries");
    }
}
