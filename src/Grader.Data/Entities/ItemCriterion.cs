namespace Grader.Data.Entities;

/// <summary>A criterion of a text item, ticked per answer on the grading page (see 0008_grading_workflow.sql).</summary>
public sealed class ItemCriterion
{
    public long Id { get; set; }
    public required string AssignmentId { get; set; }
    public required string ItemId { get; set; }
    public int Position { get; set; }
    public required string Description { get; set; }
    public double Points { get; set; }
    /// <summary>The rubric criterion this was copied from (its description); null when added on the page.</summary>
    public string? FromRubric { get; set; }
    public long? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>A criterion ticked for one answer (mark).</summary>
public sealed class MarkCriterion
{
    public long MarkId { get; set; }
    public long CriterionId { get; set; }
}
