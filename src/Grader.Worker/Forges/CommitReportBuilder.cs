using System.Text;
using Grader.Data.Entities;
using Grader.Data.Release;

namespace Grader.Worker.Forges;

/// <summary>
/// What a push's commit shows: pending while grading; success with the total and a short
/// per-item summary once graded; failure with the reason for a commit the student must fix;
/// error when grading itself failed. The description is cut to GitHub's 140 characters, so the
/// items come after the total and the link carries the full marks. The marks are the student's
/// view of them (<see cref="StudentMarks"/>): a commit status is read by the student, so what the
/// release policy holds back reads "being graded" here too.
/// </summary>
public static class CommitReportBuilder
{
    public static string Context(string assignmentId) => "grader/" + assignmentId;

    public static CommitReport Build(ForgePush push, Submission? submission, IReadOnlyList<ShownMark> marks, string publicUrl)
    {
        string context = Context(push.AssignmentId);
        string? link = submission is null ? null : $"{publicUrl.TrimEnd('/')}/api/v1/submissions/{submission.Id}/marks";
        if (push.State == ForgePushStates.Rejected)
            return new CommitReport(CommitState.Failure, push.Error ?? "The commit cannot be graded.", link, context);
        if (submission is null) return new CommitReport(CommitState.Pending, "Fetching the commit's files.", null, context);
        return submission.Status switch
        {
            SubmissionStatus.Graded => new CommitReport(CommitState.Success, Summary(marks), link, context),
            SubmissionStatus.Failed => new CommitReport(CommitState.Error, "Grading failed: " + (submission.Error ?? "see the course staff"), link, context),
            SubmissionStatus.PendingModel => new CommitReport(CommitState.Pending, "Answers graded; evaluating the model(s).", link, context),
            _ => new CommitReport(CommitState.Pending, "Queued for grading.", link, context),
        };
    }

    /// <summary>"Total 7.5/10 | q1 3/3, q2 0/2 (missing), q3 –/2 (being_graded), ..." in the rubric's item order.</summary>
    public static string Summary(IReadOnlyList<ShownMark> marks)
    {
        var text = new StringBuilder();
        double total = marks.Sum(m => m.Points ?? 0), max = marks.Where(m => !m.Bonus).Sum(m => m.MaxPoints);
        text.Append("Total ").Append(Number(total)).Append('/').Append(Number(max));
        string separator = " | ";
        foreach (var mark in marks)
        {
            text.Append(separator).Append(mark.ItemId).Append(' ').Append(mark.Points is { } points ? Number(points) : "–")
                .Append('/').Append(Number(mark.MaxPoints));
            if (mark.Status is not ("correct" or "partial" or "incorrect")) text.Append(" (").Append(mark.Status).Append(')');
            separator = ", ";
        }
        return text.ToString();
    }

    private static string Number(double value) => Grader.Core.Marking.PointsFormat.Format(value);
}
