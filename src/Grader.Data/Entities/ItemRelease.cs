namespace Grader.Data.Entities;

/// <summary>One item of an assignment whose marks staff released ahead of the whole assignment.</summary>
public sealed class ItemRelease
{
    public required string AssignmentId { get; set; }
    public required string ItemId { get; set; }
    public DateTimeOffset ReleasedAt { get; set; }
    public long? ReleasedBy { get; set; }
}
