namespace Grader.Data.Entities;

/// <summary>The mark of one item of one submission (unique per submission and item).</summary>
public sealed class Mark
{
    public long Id { get; set; }
    public Guid SubmissionId { get; set; }
    public required string ItemId { get; set; }
    public long RubricVersionId { get; set; }
    public double Points { get; set; }
    public double MaxPoints { get; set; }
    public bool Bonus { get; set; }
    /// <summary>Who set it: <see cref="MarkSources"/>.</summary>
    public required string Source { get; set; }
    /// <summary>The outcome, a <see cref="Grader.Core.Checking.MarkStatus"/> in snake_case.</summary>
    public required string Result { get; set; }
    public required string Feedback { get; set; }
    /// <summary>Expected and given values etc., as JSON text (jsonb).</summary>
    public string? Details { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    // Manual grading (0008). Staff-only: none of these is part of what a student is shown.

    /// <summary>Graded by criteria: the TA's points beyond the ticked criteria. Null when not graded by criteria.</summary>
    public double? Adjustment { get; set; }
    /// <summary>An internal note of the staff about this answer; never shown to the student.</summary>
    public string? StaffNote { get; set; }
    /// <summary>The staff member who last set the mark by hand (progress per TA).</summary>
    public long? GradedBy { get; set; }
    /// <summary>Taken out of its answer group: graded on its own.</summary>
    public bool Ungrouped { get; set; }

    /// <summary>Takes another mark's grading of the same item (a re-grade, a revert): everything but identity.</summary>
    public void TakeGrading(Mark other, DateTimeOffset at)
    {
        RubricVersionId = other.RubricVersionId;
        Points = other.Points;
        MaxPoints = other.MaxPoints;
        Bonus = other.Bonus;
        Source = other.Source;
        Result = other.Result;
        Feedback = other.Feedback;
        Details = other.Details;
        Adjustment = other.Adjustment;
        GradedBy = other.GradedBy;
        UpdatedAt = at;
    }
}

public static class MarkSources
{
    public const string Auto = "auto";
    public const string Manual = "manual";
    public const string Override = "override";
    public const string Error = "error";

    /// <summary>Marks a person set; automatic re-grading never overwrites them.</summary>
    public static bool IsHuman(string source) => source is Manual or Override;
}
