namespace Grader.Data.Entities;

/// <summary>A re-run of an assignment's rubric version over all its submissions, through the queue.</summary>
public sealed class Regrade
{
    public long Id { get; set; }
    public required string AssignmentId { get; set; }
    public long RubricVersionId { get; set; }
    /// <summary>The version most submissions were graded with before; null when there were none.</summary>
    public long? FromVersionId { get; set; }
    public long? RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public int Submissions { get; set; }
}
