using Microsoft.Extensions.Logging;
using Npgsql;

namespace Grader.Server.Hosting;

/// <summary>
/// One warning when the database becomes unreachable and one line when it is back, however many
/// requests were answered 503 in between: the first refused request starts a probe (a connection
/// once a second) that logs the end of the outage with its length and the number of refusals.
/// </summary>
public sealed class DatabaseOutage(NpgsqlDataSource dataSource, TimeProvider time, ILogger<DatabaseOutage> logger)
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private int down;
    private long refused;

    public bool IsDown => Volatile.Read(ref down) == 1;

    /// <summary>A request was answered 503 because of <paramref name="exception"/>.</summary>
    public void Refused(Exception exception)
    {
        Interlocked.Increment(ref refused);
        if (Interlocked.CompareExchange(ref down, 1, 0) != 0) return;
        var since = time.GetUtcNow();
        logger.LogWarning("database unavailable ({Message}); answering 503 with Retry-After until it is back", exception.GetBaseException().Message);
        _ = Task.Run(() => WatchAsync(since));
    }

    private async Task WatchAsync(DateTimeOffset since)
    {
        while (true)
        {
            await Task.Delay(ProbeInterval, time);
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var probe = new NpgsqlCommand("SELECT 1", connection);
                await probe.ExecuteScalarAsync();
                break;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // still down
            }
        }
        long count = Interlocked.Exchange(ref refused, 0);
        logger.LogWarning("database available again after {Seconds:0} s; {Count} requests were answered 503 meanwhile",
            (time.GetUtcNow() - since).TotalSeconds, count);
        Volatile.Write(ref down, 0);
    }
}
