namespace Grader.Server.Web.Queue;

/// <summary>What the queue monitor shows: the jobs of the viewer's courses, as of <see cref="At"/>.</summary>
public sealed record QueueSnapshot(
    DateTimeOffset At,
    IReadOnlyList<QueueCounts> Queues,
    IReadOnlyList<RunningJob> Running,
    IReadOnlyList<DeadJob> Dead,
    IReadOnlyList<ThroughputBucket> LastHour,
    IReadOnlyList<WorkerActivity> Workers)
{
    public int FinishedLastHour => LastHour.Sum(b => b.Succeeded + b.Died);

    /// <summary>How long a job may wait before the page warns.</summary>
    public TimeSpan WarnAfter { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>Jobs of one queue by state; <see cref="Waiting"/> are due now, <see cref="Scheduled"/> wait for a retry backoff.
/// <see cref="Takers"/>: running workers that take the queue; <see cref="Overdue"/>: its oldest due job has waited too long.</summary>
public sealed record QueueCounts(string Queue, int Waiting, int Scheduled, int Running, int Succeeded, int Dead, TimeSpan? OldestWait)
{
    public int Takers { get; init; }
    public bool Overdue { get; init; }

    /// <summary>Jobs wait that no running worker will take.</summary>
    public bool Stranded => Waiting + Scheduled > 0 && Takers == 0;
}

public sealed record RunningJob(long Id, string Queue, string Kind, Guid? SubmissionId, string? ItemId, string? Student,
    string? Worker, int Attempt, int MaxAttempts, DateTimeOffset Since, DateTimeOffset? LeaseExpiresAt);

public sealed record DeadJob(long Id, string Queue, string Kind, Guid? SubmissionId, string? ItemId, string? Student,
    int Attempts, string? Error, DateTimeOffset? DiedAt);

/// <summary>Jobs that finished in one five-minute slice of the last hour.</summary>
public sealed record ThroughputBucket(DateTimeOffset From, int Succeeded, int Died);

/// <summary>A worker running now or seen in the last hour: its grading runs, what it holds now, and
/// the engine its last model evaluations ran on (null when it evaluated none).</summary>
public sealed record WorkerActivity(string Name, int RunsLastHour, DateTimeOffset LastFinished, int RunningNow, string? ModelEngine = null)
{
    /// <summary>The queues it takes, when it is running now (it renews its presence); null when it is not.</summary>
    public IReadOnlyList<string>? Queues { get; init; }

    /// <summary>Where the worker evaluates models, from the engine it recorded: "grader-inference
    /// 1.0 (cuda (NVIDIA H100 ..., sm_90, fp32, cuDNN 9.1.0)) in a bubblewrap sandbox (...)" reads
    /// "cuda (NVIDIA H100 ..., sm_90, fp32, cuDNN 9.1.0), bubblewrap sandbox"; a CPU engine "cpu",
    /// with its sandbox when it names one.</summary>
    public string? ModelDevice => ModelEngine is { } e ? Describe(e) : null;

    private static string Describe(string engine)
    {
        int open = engine.IndexOf(" (", StringComparison.Ordinal);
        int close = open < 0 ? -1 : MatchingParenthesis(engine, open + 1);
        if (close < 0) return engine;
        string device = engine[(open + 2)..close];
        // What SandboxedModelEvaluator appends: " in a <kind> (<limits>)".
        const string sandboxed = " in a ";
        string rest = engine[(close + 1)..];
        if (!rest.StartsWith(sandboxed, StringComparison.Ordinal)) return device;
        string sandbox = rest[sandboxed.Length..];
        int limits = sandbox.IndexOf(" (", StringComparison.Ordinal);
        return $"{device}, {(limits < 0 ? sandbox : sandbox[..limits])}";
    }

    private static int MatchingParenthesis(string text, int open)
    {
        int depth = 0;
        for (int i = open; i < text.Length; i++)
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && --depth == 0) return i;
        return -1;
    }
}
