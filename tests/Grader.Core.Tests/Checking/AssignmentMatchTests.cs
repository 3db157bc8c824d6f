using Grader.Core.Checking;
using static Grader.Core.Tests.Checking.GradingHarness;

namespace Grader.Core.Tests.Checking;

/// <summary>An answers file for another assignment gets one message naming both, not a warning per item.</summary>
public class AssignmentMatchTests
{
    private static readonly Grader.Core.Rubrics.Rubric Ex2 = Rubric("""
        id: rptu-dl-ex2
        title: Ex2
        total: 2
        items:
          - { id: 2.1.v, points: 1, kind: integer, expected: 5 }
          - { id: 2.1.vi, points: 1, kind: integer, expected: 6 }
        """);

    private static readonly Grader.Core.Rubrics.Rubric A2 = Rubric("""
        id: en4553-a2
        title: A2
        total: 2
        items:
          - { id: 1.b.y, points: 1, kind: number, expected: 17.3 }
          - { id: 1.d.dL_dalpha, points: 1, kind: number, expected: 8.5 }
        """);

    [Fact]
    public void A_declared_assignment_that_differs_is_named()
    {
        var answers = GradingHarness.Answers("assignment: en4553-a2\nanswers:\n  1.b.y: 17.3\n");
        Assert.Equal("en4553-a2", answers.Assignment);
        Assert.Equal("this file answers en4553-a2, not rptu-dl-ex2", AssignmentMatch.Problem(Ex2, answers));
    }

    [Fact]
    public void Without_a_declaration_the_rubric_whose_items_it_answers_is_named()
    {
        var answers = GradingHarness.Answers("1.b.y: 17.3\n1.d.dL_dalpha: 8.5\n");
        Assert.Equal("this file answers en4553-a2, not rptu-dl-ex2", AssignmentMatch.Problem(Ex2, answers, [Ex2, A2]));
        Assert.StartsWith("none of the 2 answers in this file (1.b.y, 1.d.dL_dalpha) is an item of rptu-dl-ex2",
            AssignmentMatch.Problem(Ex2, answers));
    }

    [Fact]
    public void A_file_for_this_assignment_passes()
    {
        Assert.Null(AssignmentMatch.Problem(Ex2, GradingHarness.Answers("assignment: rptu-dl-ex2\nanswers:\n  2.1.v: 5\n")));
        Assert.Null(AssignmentMatch.Problem(Ex2, GradingHarness.Answers("2.1.v: 5\nextra: 1\n")));
        Assert.Null(AssignmentMatch.Problem(Ex2, GradingHarness.Answers("answers:\n")));
    }

    [Fact]
    public void Grading_another_assignments_file_gives_one_message_on_every_item()
    {
        var report = SubmissionGrader.Grade(Ex2, GradingHarness.Answers("1.b.y: 17.3\n1.d.dL_dalpha: 8.5\n"));
        var warning = Assert.Single(report.Warnings);
        Assert.Contains("is an item of rptu-dl-ex2", warning);
        Assert.All(report.Items, i =>
        {
            Assert.Equal(MarkStatus.Invalid, i.Status);
            Assert.Contains("was not graded", i.Feedback);
        });
    }

    [Fact]
    public void A_partly_matching_file_still_warns_per_unknown_item()
    {
        var report = SubmissionGrader.Grade(Ex2, GradingHarness.Answers("2.1.v: 5\n2.1.vii: 1\n"));
        Assert.Equal(MarkStatus.Correct, report["2.1.v"]!.Status);
        Assert.Equal("'2.1.vii' is not an item of rptu-dl-ex2; it was ignored", Assert.Single(report.Warnings));
    }
}
