using Grader.Data.Queue;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Grader.Worker;

/// <summary>
/// Wakes idle workers when a job is inserted: one connection LISTENs on the channel the jobs
/// table's trigger NOTIFYs. Only a hint: a lost notification (or a dropped connection, retried
/// with backoff) costs at most one poll interval, because workers also poll.
/// </summary>
public sealed class JobWakeups(NpgsqlDataSource dataSource, ILogger<JobWakeups> logger)
{
    public const string Channel = "grader_jobs";

    private readonly SemaphoreSlim signal = new(0, 1);

    /// <summary>Waits for a notification or the poll interval, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        try { await signal.WaitAsync(pollInterval, cancellationToken); }
        catch (OperationCanceledException) { }
    }

    /// <summary>Wakes one waiting loop (used too when a running job frees a slot).</summary>
    public void Wake()
    {
        try { signal.Release(); }
        catch (SemaphoreFullException) { }
    }

    public async Task ListenAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, e) => { if (queues.Contains(e.Payload)) Wake(); };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                delay = TimeSpan.FromMilliseconds(250);
                Wake(); // jobs may have arrived while we were not listening
                while (true) await connection.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("job notifications unavailable ({Message}); polling until reconnected", e.Message);
                try { await Task.Delay(delay, cancellationToken); } catch (OperationCanceledException) { return; }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }
}
