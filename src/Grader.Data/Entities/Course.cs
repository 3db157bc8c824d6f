namespace Grader.Data.Entities;

public sealed class Course
{
    public required string Id { get; set; }
    public required string Title { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
