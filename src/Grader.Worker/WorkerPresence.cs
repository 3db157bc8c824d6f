using Grader.Data.Queue;
using Microsoft.Extensions.Logging;

namespace Grader.Worker;

/// <summary>
/// Keeps this worker's entry in the <see cref="WorkerRegistry"/> while it runs: announced with the
/// queues it takes, renewed every <see cref="QueueOptions.PresenceInterval"/>, marked stopped on a
/// clean shutdown. A failed renewal (database down) is logged and tried again next time: presence
/// only informs the pages, it never stops the worker.
/// </summary>
internal static class WorkerPresence
{
    public static async Task KeepAsync(WorkerRegistry registry, QueueOptions options, string name, IReadOnlyList<string> queues,
        ILogger logger, CancellationToken stoppingToken)
    {
        bool announced = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (announced) await registry.HeartbeatAsync(name, stoppingToken);
                else await registry.AnnounceAsync(name, queues, stoppingToken);
                announced = true;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("could not renew this worker's presence ({Message})", e.GetBaseException().Message);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            try { await Task.Delay(options.PresenceInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
        try
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await registry.StoppedAsync(name, bounded.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning("could not mark this worker stopped ({Message}); it drops out once unseen for {Timeout}", e.GetBaseException().Message, options.PresenceTimeout);
        }
    }
}
