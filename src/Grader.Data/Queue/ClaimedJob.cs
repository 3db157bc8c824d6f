namespace Grader.Data.Queue;

/// <summary>
/// A job this worker holds. <see cref="LeaseToken"/> fences every later write: once the lease is
/// lost (expired and claimed by another worker), heartbeats, completion and failure are refused.
/// </summary>
public sealed record ClaimedJob(
    long Id,
    string Queue,
    string Kind,
    Guid? SubmissionId,
    string? ItemId,
    int Attempt,
    int MaxAttempts,
    Guid LeaseToken,
    DateTimeOffset LeaseExpiresAt,
    long? RegradeId = null);

/// <summary>How a failed job went on: retried later, or dead.</summary>
public sealed record FailureOutcome(bool Accepted, bool Dead, DateTimeOffset? RetryAt);
