namespace Grader.Data.Entities;

public sealed class Submission
{
    public Guid Id { get; set; }
    public required string AssignmentId { get; set; }
    public long RubricVersionId { get; set; }
    public long StudentId { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public bool IsLate { get; set; }
    public required string Status { get; set; }
    public string? IdempotencyKey { get; set; }
    public byte[]? RequestHash { get; set; }
    public DateTimeOffset? GradedAt { get; set; }
    public string? Error { get; set; }

    public List<SubmissionFile> Files { get; set; } = [];
    public Student? Student { get; set; }
}

/// <summary>Where a submission is in its life.</summary>
public static class SubmissionStatus
{
    public const string Queued = "queued";
    /// <summary>Numeric items are marked; model items wait for a model-evaluation worker.</summary>
    public const string PendingModel = "pending_model";
    public const string Graded = "graded";
    /// <summary>Grading failed for an infrastructure reason after every retry; staff must look.</summary>
    public const string Failed = "failed";

    // Reported, never stored: a graded submission that is not final yet.

    /// <summary>Graded, but items still wait for a TA: incomplete, not a final grade.</summary>
    public const string AwaitingManual = "awaiting_manual";
    /// <summary>To its student: graded, but marks are held back until staff release them.</summary>
    public const string AwaitingRelease = "awaiting_release";
}
