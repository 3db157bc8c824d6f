using Grader.Data.Queue;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Tests.Queue;

/// <summary>Which workers run and what they take, on the database's clock: a worker not seen within
/// the presence timeout, or one that said it stopped, is not running. Times are moved by SQL, not waited for.</summary>
public sealed class WorkerRegistryTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly WorkerRegistry registry = new(database.Contexts, new QueueOptions { PresenceInterval = TimeSpan.FromSeconds(10) });

    /// <summary>Each test its own queue name and worker names, so tests sharing the database do not meet.</summary>
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..16];

    private async Task AgeAsync(string worker, TimeSpan age)
    {
        await using var db = await database.OpenAsync();
        await db.Database.ExecuteSqlAsync($"UPDATE workers SET last_seen_at = now() - {age} WHERE name = {worker}");
    }

    [Fact]
    public async Task An_announced_worker_runs_and_takes_its_queues_only()
    {
        string gpu = Unique("gpu"), cpuOnly = Unique("cpu"), name = Unique("w");
        await registry.AnnounceAsync(name, [cpuOnly], default);
        Assert.Equal(1, await registry.LiveCountAsync(cpuOnly, default));
        Assert.Equal(0, await registry.LiveCountAsync(gpu, default));
        Assert.Contains(await registry.LiveAsync(default), w => w.Name == name && w.Queues.SequenceEqual([cpuOnly]));
    }

    [Fact]
    public async Task A_worker_unseen_for_three_renewals_is_not_running_until_it_renews()
    {
        string queue = Unique("q"), name = Unique("w");
        await registry.AnnounceAsync(name, [queue], default);
        await AgeAsync(name, TimeSpan.FromSeconds(25));    // within 3 x 10 s
        Assert.Equal(1, await registry.LiveCountAsync(queue, default));
        await AgeAsync(name, TimeSpan.FromSeconds(31));    // past it: taken for dead
        Assert.Equal(0, await registry.LiveCountAsync(queue, default));
        await registry.HeartbeatAsync(name, default);
        Assert.Equal(1, await registry.LiveCountAsync(queue, default));
    }

    [Fact]
    public async Task A_stopped_worker_is_not_running_and_its_heartbeat_does_not_revive_it_but_a_restart_does()
    {
        string queue = Unique("q"), name = Unique("w");
        await registry.AnnounceAsync(name, [queue], default);
        await registry.StoppedAsync(name, default);
        Assert.Equal(0, await registry.LiveCountAsync(queue, default));
        await registry.HeartbeatAsync(name, default);   // a late renewal from the stopping process
        Assert.Equal(0, await registry.LiveCountAsync(queue, default));
        await registry.AnnounceAsync(name, [queue, "other"], default);   // the same name started again
        Assert.Equal(1, await registry.LiveCountAsync(queue, default));
        Assert.Equal(1, await registry.LiveCountAsync("other", default));
    }
}
