namespace Grader.Data.Entities;

/// <summary>One entry of the audit trail: a mark changed by a person, or by a rubric re-run.</summary>
public sealed class MarkChange
{
    public long Id { get; set; }
    public Guid SubmissionId { get; set; }
    public required string ItemId { get; set; }
    /// <summary>The staff member; null where the grader changed it (<see cref="RegradeId"/> says which re-run).</summary>
    public long? ChangedBy { get; set; }
    public long? RegradeId { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    /// <summary>Null where the item had no mark before.</summary>
    public double? OldPoints { get; set; }
    public double NewPoints { get; set; }
    public string? OldSource { get; set; }
    public required string NewSource { get; set; }
    public string? OldFeedback { get; set; }
    public required string NewFeedback { get; set; }
    public required string Reason { get; set; }

    public StaffMember? Staff { get; set; }
}
