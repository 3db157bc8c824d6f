using Grader.Core.Checking;
using Grader.Data.Entities;
using Grader.Data.Release;
using Grader.Worker.Forges;

namespace Grader.Worker.Tests.Forges;

public class CommitReportBuilderTests
{
    private static ShownMark Mark(string id, double? points, double max, string status) =>
        new(id, points, max, false, status, "auto", "", (ItemDetails?)null);

    [Fact]
    public void The_summary_shows_what_the_student_may_see_a_held_back_mark_without_points()
    {
        // q1 2 of 2, q2 0 of 1 (missing), essay held back until its release: total 2 of 5.
        var summary = CommitReportBuilder.Summary([Mark("q1", 2, 2, "correct"), Mark("q2", 0, 1, "missing"),
            Mark("essay", null, 2, StudentMarks.BeingGraded)]);
        Assert.Equal("Total 2/5 | q1 2/2, q2 0/1 (missing), essay –/2 (being_graded)", summary);
    }

    [Fact]
    public void A_graded_push_reports_success_with_the_summary_and_a_link_to_the_marks()
    {
        var submission = new Submission { Id = Guid.NewGuid(), AssignmentId = "hw", Status = SubmissionStatus.Graded };
        var push = new ForgePush { DeliveryId = "d", AssignmentId = "hw", CourseId = "c", RepoFullName = "o/r", CommitSha = "abc", State = ForgePushStates.Submitted };
        var report = CommitReportBuilder.Build(push, submission, [Mark("q1", 1, 1, "correct")], "https://grader.example.org/");
        Assert.Equal((CommitState.Success, "Total 1/1 | q1 1/1"), (report.State, report.Description));
        Assert.Equal($"https://grader.example.org/api/v1/submissions/{submission.Id}/marks", report.TargetUrl);
    }
}
