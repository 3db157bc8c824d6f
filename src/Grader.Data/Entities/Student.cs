namespace Grader.Data.Entities;

public sealed class Student
{
    public long Id { get; set; }
    public required string CourseId { get; set; }
    /// <summary>The course's own id for the student, e.g. a matriculation account "s1234567".</summary>
    public required string ExternalId { get; set; }
    public required string Name { get; set; }
    /// <summary>Index number; picks the per-student variants of a rubric.</summary>
    public string? IndexNumber { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set when taken off the course: no sign-in, no uploads; submissions and marks stay.</summary>
    public DateTimeOffset? RemovedAt { get; set; }
    /// <summary>Bytes of the distinct files of this student's submissions (kept by a trigger).</summary>
    public long StoredBytes { get; set; }
}
