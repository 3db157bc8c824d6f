namespace Grader.Data.Entities;

/// <summary>One version of an assignment's rubric, kept whole so old marks stay explainable.</summary>
public sealed class RubricVersion
{
    public long Id { get; set; }
    public required string AssignmentId { get; set; }
    public int Version { get; set; }
    public required string ContentHash { get; set; }
    public required string Yaml { get; set; }
    public required string SourceName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
