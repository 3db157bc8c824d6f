namespace Grader.Data.Entities;

/// <summary>A comment to students that TAs reuse across the answers of one item.</summary>
public sealed class SavedComment
{
    public long Id { get; set; }
    public required string AssignmentId { get; set; }
    public required string ItemId { get; set; }
    public required string Text { get; set; }
    public long? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
}
