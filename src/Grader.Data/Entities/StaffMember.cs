namespace Grader.Data.Entities;

public sealed class StaffMember
{
    public long Id { get; set; }
    public required string CourseId { get; set; }
    public required string ExternalId { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
