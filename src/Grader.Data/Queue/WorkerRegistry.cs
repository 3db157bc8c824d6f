using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Queue;

/// <summary>
/// Which workers are running and what they take. A worker announces its queues at start,
/// renews <c>last_seen_at</c> every <see cref="QueueOptions.PresenceInterval"/> and marks itself
/// stopped on a clean shutdown; one not seen for <see cref="QueueOptions.PresenceTimeout"/> is
/// taken for dead. Times are the database's (<c>now()</c>), like the queue's.
/// </summary>
public sealed class WorkerRegistry(IDbContextFactory<GraderDbContext> contexts, QueueOptions options)
{
    public async Task AnnounceAsync(string name, IReadOnlyList<string> queues, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        string[] queueArray = [.. queues];
        // An upsert: a worker restarted under the same name is the same row, running again.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO workers (name, queues, started_at, last_seen_at, stopped_at) VALUES ({name}, {queueArray}, now(), now(), NULL)
            ON CONFLICT (name) DO UPDATE SET queues = excluded.queues, started_at = now(), last_seen_at = now(), stopped_at = NULL
            """, cancellationToken);
    }

    public async Task HeartbeatAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"UPDATE workers SET last_seen_at = now() WHERE name = {name} AND stopped_at IS NULL", cancellationToken);
    }

    public async Task StoppedAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"UPDATE workers SET stopped_at = now() WHERE name = {name}", cancellationToken);
    }

    /// <summary>Workers running now (seen within the timeout, not stopped), by name.</summary>
    public async Task<IReadOnlyList<WorkerPresence>> LiveAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var timeout = options.PresenceTimeout;
        return await db.Workers.FromSql($"""
                SELECT * FROM workers WHERE stopped_at IS NULL AND last_seen_at > now() - {timeout} ORDER BY name
                """).AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>How many running workers take <paramref name="queue"/>.</summary>
    public async Task<int> LiveCountAsync(string queue, CancellationToken cancellationToken) =>
        (await LiveAsync(cancellationToken)).Count(w => w.Queues.Contains(queue));
}
