namespace Grader.Data.Entities;

/// <summary>A unit of work in the durable queue (see <see cref="Grader.Data.Queue.JobQueue"/>).</summary>
public sealed class Job
{
    public long Id { get; set; }
    public required string Queue { get; set; }
    public required string Kind { get; set; }
    public Guid? SubmissionId { get; set; }
    public string? ItemId { get; set; }
    public required string State { get; set; }
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; }
    public DateTimeOffset RunAfter { get; set; }
    public string? LeaseOwner { get; set; }
    public Guid? LeaseToken { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>The rubric re-run this job belongs to; null for ordinary grading.</summary>
    public long? RegradeId { get; set; }
}

public static class JobStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    /// <summary>Failed on every attempt; kept with its last error for staff.</summary>
    public const string Dead = "dead";
}
