namespace Grader.Data.Queue;

/// <summary>Lease, retry and polling settings of the job queue.</summary>
public sealed record QueueOptions
{
    /// <summary>How long a claim holds a job without a heartbeat; a dead worker's jobs come back after it.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts (claims) before a job is dead; a lease that ran out counts as an attempt.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Delay before the first retry; doubled for each further attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often an idle worker looks for work when no notification arrives.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a worker renews its presence (<see cref="WorkerRegistry"/>).</summary>
    public TimeSpan PresenceInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A worker not seen for this long is taken for dead: three missed renewals.</summary>
    public TimeSpan PresenceTimeout => 3 * PresenceInterval;
}

/// <summary>The named queues: numeric checking, and model evaluation.</summary>
public static class QueueNames
{
    public const string Cpu = "cpu";
    public const string Gpu = "gpu";

    public static readonly IReadOnlyList<string> All = [Cpu, Gpu];
}

/// <summary>What a job asks a worker to do.</summary>
public static class JobKinds
{
    /// <summary>Grade a submission's answers file (cpu).</summary>
    public const string GradeSubmission = "grade_submission";
    /// <summary>Evaluate one uploaded model for one model item (gpu).</summary>
    public const string EvaluateModel = "evaluate_model";
    /// <summary>Fetch a pushed commit's files from its forge and make the submission (cpu; item_id = forge push id).</summary>
    public const string FetchCommit = "forge_fetch_commit";
    /// <summary>Report a forge push's grading state on its commit (cpu; item_id = forge push id).</summary>
    public const string ReportStatus = "forge_report_status";
}
