namespace Grader.Data.Entities;

/// <summary>One attempt at grading a submission (or one model item of it): timing and outcome.</summary>
public sealed class GradingRun
{
    public long Id { get; set; }
    public Guid SubmissionId { get; set; }
    public long? JobId { get; set; }
    public required string Worker { get; set; }
    public required string EngineVersion { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public required string Outcome { get; set; }
    public string? Error { get; set; }
}
