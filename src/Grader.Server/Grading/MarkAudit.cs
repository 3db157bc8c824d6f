using Grader.Core.Marking;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Marks;

namespace Grader.Server.Grading;

/// <summary>The audit row of a person's change to a mark, taken before the mark is changed.</summary>
public static class MarkAudit
{
    public const string ManualGrading = "manual grading";

    /// <summary>
    /// A person's score (manual grading, an override, a criterion's new points): the audit row
    /// first, then the mark, in <paramref name="db"/>'s unit of work; the result follows from the
    /// fraction of the points. The person becomes the mark's grader unless <paramref name="keepGrader"/>
    /// (a re-scoring after a criterion changed is not a grading of the answer).
    /// </summary>
    public static void SetByPerson(GraderDbContext db, Mark mark, long staffId, double points, string source, string feedback, string reason,
        bool keepGrader = false)
    {
        db.MarkChanges.Add(Before(mark, staffId, points, source, feedback, reason));
        mark.Points = points;
        mark.Source = source;
        mark.Result = MarkMapping.StatusName(ManualScore.ResultFor(points, mark.MaxPoints));
        mark.Feedback = feedback;
        if (!keepGrader) mark.GradedBy = staffId;
        mark.UpdatedAt = DateTimeOffset.UtcNow;
    }

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
