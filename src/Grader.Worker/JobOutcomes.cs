namespace Grader.Worker;

/// <summary>How a claimed job ended for this worker: the <c>outcome</c> label of <c>grader_jobs_total</c>.</summary>
public static class JobOutcomes
{
    public const string Succeeded = "succeeded";
    /// <summary>An infrastructure failure; queued again after a backoff.</summary>
    public const string Retry = "retry";
    public const string Dead = "dead";
    /// <summary>Sent back until a time the job named (a forge's rate limit); the attempt not counted.</summary>
    public const string Deferred = "deferred";
    /// <summary>Given back untouched: shutdown, or a kind this worker does not run.</summary>
    public const string Released = "released";
    /// <summary>The lease expired and another worker holds the job: this worker's result was refused.</summary>
    public const string LeaseLost = "lease_lost";
}
