using Prometheus;

namespace Grader.Data.Metrics;

/// <summary>
/// The Prometheus metrics one process exports, in a registry of its own (not prometheus-net's
/// static default), so two hosts in one process (the tests) count separately. Labels are queue
/// names, job kinds, outcomes, HTTP status codes and worker names: never a submission, a student
/// or a course, so a scrape shows no student data. docs/deploy.md lists what to alert on.
/// </summary>
public sealed class GraderMetrics
{
    /// <summary>From milliseconds (grading a batch) to minutes (a model over a test set on a CPU).</summary>
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    public GraderMetrics()
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        Jobs = factory.CreateCounter("grader_jobs_total",
            "Jobs this worker finished, by queue, kind and outcome (succeeded, retry, dead, deferred, released, lease_lost).",
            "queue", "kind", "outcome");
        JobDuration = factory.CreateHistogram("grader_job_duration_seconds",
            "From claim to completion, per job (a batch's jobs each observe the batch's time): grade_submission is grading latency, evaluate_model model-evaluation latency.",
            new HistogramConfiguration { LabelNames = ["queue", "kind"], Buckets = DurationBuckets });
        LeaseRenewals = factory.CreateCounter("grader_lease_renewals_total",
            "Lease heartbeats by result: renewed, lost (another worker holds the job now), failed (database unreachable).", "result");
        WorkerHeartbeat = factory.CreateGauge("grader_worker_heartbeat_timestamp_seconds",
            "Unix time of the worker loop's last turn (at least once per poll interval while it runs).", "worker");
        WorkerSlots = factory.CreateGauge("grader_worker_slots", "Jobs or batches the worker may run at once.", "worker");
        WorkerBusySlots = factory.CreateGauge("grader_worker_busy_slots", "Jobs or batches the worker is running now.", "worker");
        Uploads = factory.CreateCounter("grader_uploads_total",
            "Submission uploads answered by this API process, by HTTP status (202 accepted; 4xx refused; 503 database unavailable).", "status");
    }

    public Counter Jobs { get; }
    public Histogram JobDuration { get; }
    public Counter LeaseRenewals { get; }
    public Gauge WorkerHeartbeat { get; }
    public Gauge WorkerSlots { get; }
    public Gauge WorkerBusySlots { get; }
    public Counter Uploads { get; }
}
