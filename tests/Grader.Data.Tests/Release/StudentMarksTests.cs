using Grader.Core.Checking;
using Grader.Core.Rubrics;
using Grader.Data.Entities;
using Grader.Data.Marks;
using Grader.Data.Release;

namespace Grader.Data.Tests.Release;

/// <summary>The release policy on hand-made marks: what a student sees of each, and the status.</summary>
public class StudentMarksTests
{
    private static readonly DateTimeOffset Deadline = new(2030, 6, 2, 0, 0, 0, TimeSpan.Zero);

    private static readonly Rubric Quiz = RubricLoader.Load("""
        id: quiz
        title: Quiz
        total: 3
        items:
          - { id: a, points: 1, kind: number, expected: 42 }
          - { id: essay, points: 2, kind: text, model_answer: Because. }
        """, "quiz.yaml").Rubric!;

    private static Mark Auto(string result, double points, string feedback = "24 has its digits swapped.") =>
        Mark("a", points, 1, result, "auto", feedback, new ItemDetails("42", "24", [], [0]));

    private static Mark Essay(string result, double points, string source = "auto", string feedback = "Awaiting grading by a TA.") =>
        Mark("essay", points, 2, result, source, feedback, new ItemDetails(null, "My essay."));

    private static Mark Mark(string item, double points, double max, string result, string source, string feedback, ItemDetails details)
    {
        var mark = MarkMapping.ToMark(new ItemResult(item, points, max, false, MarkStatus.Correct, feedback, details), 1);
        mark.Result = result;
        mark.Source = source;
        return mark;
    }

    private static ReleaseView View(ExpectedRelease expected = ExpectedRelease.AfterDeadline, MarksRelease marks = MarksRelease.WhenGraded,
        bool released = false, DateTimeOffset? now = null, params string[] items) =>
        new(new ReleasePolicy(marks, expected), released ? Deadline.AddDays(-3) : null, items.ToHashSet(), Deadline, now ?? Deadline.AddDays(-1));

    [Fact]
    public void Before_the_deadline_an_automatic_mark_shows_its_points_and_verdict_but_no_expected_value_or_explanation()
    {
        var view = StudentMarks.ForStudent(SubmissionStatus.Graded, [Auto("incorrect", 0)], Quiz, View());
        var a = Assert.Single(view.Items);
        Assert.Equal((0.0, "incorrect", "Incorrect."), (a.Points, a.Status, a.Feedback));
        Assert.Null(a.Details!.Expected);
        Assert.Null(a.Details.WrongEntries);
        Assert.Equal("24", a.Details.Given);
        Assert.False(view.ExpectedShown);
    }

    [Theory]
    [InlineData(ExpectedRelease.AfterDeadline, false, 1, true)]   // the deadline has passed
    [InlineData(ExpectedRelease.AfterDeadline, true, -1, true)]   // released before the deadline
    [InlineData(ExpectedRelease.AfterDeadline, false, -1, false)]
    [InlineData(ExpectedRelease.AfterRelease, false, 1, false)]   // the deadline alone is not enough
    [InlineData(ExpectedRelease.AfterRelease, true, -1, true)]
    [InlineData(ExpectedRelease.Never, true, 1, false)]
    [InlineData(ExpectedRelease.Always, false, -1, true)]
    public void The_answer_key_is_shown_as_show_expected_says(ExpectedRelease policy, bool released, int daysAfterDeadline, bool shown)
    {
        var view = StudentMarks.ForStudent(SubmissionStatus.Graded, [Auto("incorrect", 0)], Quiz,
            View(policy, released: released, now: Deadline.AddDays(daysAfterDeadline)));
        var a = view.Items[0];
        Assert.Equal(shown, view.ExpectedShown);
        Assert.Equal(shown ? "42" : null, a.Details!.Expected);
        Assert.Equal(shown ? "24 has its digits swapped." : "Incorrect.", a.Feedback);
    }

    [Fact]
    public void A_ta_graded_item_is_being_graded_until_its_release_whatever_its_mark()
    {
        var graded = Essay("partial", 1.5, "manual", "Good, but say why.");
        var before = StudentMarks.ForStudent(SubmissionStatus.Graded, [Auto("correct", 1), graded], Quiz, View());
        var essay = before.Items[1];
        Assert.Equal((null, StudentMarks.BeingGraded, StudentMarks.BeingGradedFeedback), (essay.Points, essay.Status, essay.Feedback));
        Assert.Equal(new ItemDetails(null, "My essay."), essay.Details);
        Assert.Equal((SubmissionStatus.AwaitingRelease, 1.0, 1), (before.Status, before.Total, before.Pending));

        var itemReleased = StudentMarks.ForStudent(SubmissionStatus.Graded, [Auto("correct", 1), graded], Quiz, View(items: "essay"));
        Assert.Equal((1.5, "partial", "Good, but say why."), (itemReleased.Items[1].Points, itemReleased.Items[1].Status, itemReleased.Items[1].Feedback));
        Assert.Equal((SubmissionStatus.Graded, 2.5, 0), (itemReleased.Status, itemReleased.Total, itemReleased.Pending));
    }

    [Fact]
    public void A_submission_with_an_answer_awaiting_a_ta_is_awaiting_manual_for_staff_and_student_alike()
    {
        Mark[] marks = [Auto("correct", 1), Essay("pending_manual", 0)];
        Assert.Equal(SubmissionStatus.AwaitingManual, StudentMarks.ForStaff(SubmissionStatus.Graded, marks).Status);
        Assert.Equal(SubmissionStatus.AwaitingManual, StudentMarks.ForStudent(SubmissionStatus.Graded, marks, Quiz, View()).Status);
        Assert.Equal(SubmissionStatus.AwaitingManual, StudentMarks.ForStudent(SubmissionStatus.Graded, marks, Quiz, View(released: true)).Status);
        Assert.Equal(SubmissionStatus.PendingModel, StudentMarks.ForStaff(SubmissionStatus.PendingModel, marks).Status);
    }

    [Fact]
    public void With_marks_after_release_nothing_but_the_students_own_answer_is_shown_until_release()
    {
        var view = StudentMarks.ForStudent(SubmissionStatus.Graded, [Auto("correct", 1)], Quiz, View(ExpectedRelease.Always, MarksRelease.AfterRelease));
        Assert.Equal((null, StudentMarks.BeingGraded), (view.Items[0].Points, view.Items[0].Status));
        Assert.Equal(new ItemDetails(null, "24"), view.Items[0].Details);
        Assert.Equal((SubmissionStatus.AwaitingRelease, (double?)null), (view.Status, view.ShownTotal));

        var released = StudentMarks.ForStudent(SubmissionStatus.Graded, [Auto("correct", 1)], Quiz,
            View(ExpectedRelease.Always, MarksRelease.AfterRelease, released: true));
        Assert.Equal((SubmissionStatus.Graded, 1.0), (released.Status, released.ShownTotal));
    }

    [Fact]
    public void An_override_waits_for_its_release_then_shows_the_persons_feedback_while_the_key_waits_for_its_own()
    {
        var overridden = Mark("a", 1, 1, "correct", "override", "Accepted: 24 read as 42.", new ItemDetails("42", "24"));
        Assert.Equal(StudentMarks.BeingGraded, StudentMarks.ForStudent(SubmissionStatus.Graded, [overridden], Quiz, View()).Items[0].Status);

        var view = StudentMarks.ForStudent(SubmissionStatus.Graded, [overridden], Quiz, View(items: "a"));
        Assert.Equal((1.0, "Accepted: 24 read as 42."), (view.Items[0].Points, view.Items[0].Feedback));
        Assert.Null(view.Items[0].Details!.Expected); // released item, but the assignment is not: the key stays back
    }

    [Fact]
    public void An_answer_awaiting_a_ta_is_being_graded_but_a_text_answer_the_grader_could_not_read_is_shown_at_once()
    {
        var pending = StudentMarks.ForStudent(SubmissionStatus.Graded, [Essay("pending_manual", 0)], Quiz, View());
        Assert.Equal((null, StudentMarks.BeingGraded, SubmissionStatus.AwaitingManual), (pending.Items[0].Points, pending.Items[0].Status, pending.Status));

        var invalid = StudentMarks.ForStudent(SubmissionStatus.Graded, [Essay("invalid", 0, feedback: "Your answer could not be read: not text.")], Quiz, View());
        Assert.Equal((0.0, "invalid", SubmissionStatus.Graded), (invalid.Items[0].Points, invalid.Items[0].Status, invalid.Status));
    }

    [Theory]
    [InlineData("invalid", "Your answer could not be read: 'x' is not a number.", "Your answer could not be read: 'x' is not a number.")]
    [InlineData("invalid", "Expected a 2x2 matrix, got 3x3.", "Your answer could not be read as this item asks: compare it with the template (grader template).")]
    [InlineData("partial", "3 of 4 entries are right.", "Partly correct.")]
    [InlineData("follow_through", "Follows from your 1.b.", "Wrong, but it follows from your earlier answer, so it earns part of the points.")]
    [InlineData("missing", "No answer.", "No answer.")]
    public void Feedback_held_back_is_replaced_by_the_verdict(string result, string feedback, string shown)
    {
        var view = StudentMarks.ForStudent(SubmissionStatus.Graded, [Auto(result, 0, feedback)], Quiz, View());
        Assert.Equal(shown, view.Items[0].Feedback);
    }

    [Fact]
    public void Staff_see_every_mark_whole()
    {
        var view = StudentMarks.ForStaff(SubmissionStatus.Graded, [Auto("incorrect", 0), Essay("partial", 1.5, "manual", "Say why.")]);
        Assert.Equal(["24 has its digits swapped.", "Say why."], view.Items.Select(i => i.Feedback));
        Assert.Equal("42", view.Items[0].Details!.Expected);
        Assert.Equal((SubmissionStatus.Graded, 1.5), (view.Status, view.Total));
    }
}
