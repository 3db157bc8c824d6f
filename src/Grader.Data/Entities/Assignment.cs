namespace Grader.Data.Entities;

/// <summary>An assignment of a course; graded by its current rubric version.</summary>
public sealed class Assignment
{
    public required string Id { get; set; }
    public required string CourseId { get; set; }
    public required string Title { get; set; }
    public DateTimeOffset? Deadline { get; set; }
    public long? CurrentVersionId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When staff released the marks to students; null while they are not released.</summary>
    public DateTimeOffset? ReleasedAt { get; set; }
    public long? ReleasedBy { get; set; }

    public RubricVersion? CurrentVersion { get; set; }
}
