using Grader.Data.Entities;

namespace Grader.Server.Grading;

/// <summary>The audit row of a person's change to a mark, taken before the mark is changed.</summary>
public static class MarkAudit
{
    public const string ManualGrading = "manual grading";

    public static MarkChange Before(Mark mark, long staffId, double newPoints, string newSource, string newFeedback, string reason) => new()
    {
        SubmissionId = mark.SubmissionId,
        ItemId = mark.ItemId,
        ChangedBy = staffId,
        ChangedAt = DateTimeOffset.UtcNow,
        OldPoints = mark.Points,
        NewPoints = newPoints,
        OldSource = mark.Source,
        NewSource = newSource,
        OldFeedback = mark.Feedback,
        NewFeedback = newFeedback,
        Reason = reason,
    };
}
