namespace Grader.Data.Entities;

/// <summary>
/// A student's request to look again at one item's mark, and the staff answer. Not to be confused
/// with <see cref="Regrade"/>, a re-run of the rubric over all submissions.
/// </summary>
public sealed class RegradeRequest
{
    public long Id { get; set; }
    public required string AssignmentId { get; set; }
    public Guid SubmissionId { get; set; }
    public required string ItemId { get; set; }
    public long StudentId { get; set; }
    public required string Message { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public double PointsBefore { get; set; }
    public long? AnsweredBy { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public string? Answer { get; set; }
    /// <summary>The mark after the answer; equal to <see cref="PointsBefore"/> when staff kept it.</summary>
    public double? PointsAfter { get; set; }

    public bool IsOpen => AnsweredAt is null;
}
