using Grader.Data.Queue;
using Npgsql;
using Prometheus;

namespace Grader.Data.Metrics;

/// <summary>
/// Gauges read from the jobs table at each scrape: jobs per queue and state, and how long the
/// oldest due job has waited. The queue is one table shared by every worker, so one process (the
/// API) exports it; a worker exporting it too would only repeat the same numbers. If the database
/// cannot be read, <c>grader_database_up</c> is 0 and the queue gauges keep their last values.
/// </summary>
public static class QueueMetrics
{
    public static readonly IReadOnlyList<string> States = ["waiting", "scheduled", "running", "dead"];

    // Three arms: queued and running jobs are counted on their partial indexes (jobs_due,
    // jobs_leased), so a scrape does not read the ever-growing succeeded jobs for them. Dead jobs
    // have no index of their own: that arm scans the table, about 10 ms per 100,000 jobs every
    // scrape interval (a partial index on state = 'dead' would make it constant if that mattered).
    // 'waiting' are due now, 'scheduled' wait for a retry backoff; times from the database clock.
    private const string Sql = """
        SELECT queue, CASE WHEN run_after <= now() THEN 'waiting' ELSE 'scheduled' END, count(*)::bigint,
               extract(epoch FROM now() - min(run_after) FILTER (WHERE run_after <= now()))::float8
        FROM jobs WHERE state = 'queued' GROUP BY 1, 2
        UNION ALL
        SELECT queue, 'running', count(*)::bigint, NULL FROM jobs WHERE state = 'running' GROUP BY 1
        UNION ALL
        SELECT queue, 'dead', count(*)::bigint, NULL FROM jobs WHERE state = 'dead' GROUP BY 1
        """;

    /// <summary>Adds the gauges to <paramref name="metrics"/>, refreshed before each collection.</summary>
    public static void Register(GraderMetrics metrics, NpgsqlDataSource dataSource)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        var jobs = factory.CreateGauge("grader_queue_jobs",
            "Jobs in the queue table by state: waiting (due now), scheduled (retry backoff), running (leased), dead (failed for good; retried only by staff).",
            "queue", "state");
        var oldest = factory.CreateGauge("grader_queue_oldest_waiting_seconds",
            "How long the oldest due job of the queue has waited to be claimed (0 when none waits).", "queue");
        var up = factory.CreateGauge("grader_database_up", "1 when the last scrape could read the queue from PostgreSQL, else 0.");
        metrics.Registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            try
            {
                var rows = new List<(string Queue, string State, long Count, double? Oldest)>();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await using (var command = dataSource.CreateCommand(Sql))
                await using (var reader = await command.ExecuteReaderAsync(timeout.Token))
                    while (await reader.ReadAsync(timeout.Token))
                        rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetDouble(3)));
                foreach (var queue in QueueNames.All.Union(rows.Select(r => r.Queue)))
                {
                    foreach (var state in States)
                        jobs.WithLabels(queue, state).Set(rows.Where(r => r.Queue == queue && r.State == state).Sum(r => r.Count));
                    oldest.WithLabels(queue).Set(rows.Where(r => r.Queue == queue).Max(r => r.Oldest) ?? 0);
                }
                up.Set(1);
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                up.Set(0);
            }
        });
    }
}
