using Grader.Core.Rubrics;
using Grader.Server.Web.Gradebook;

namespace Grader.Server.Tests.Web;

public sealed class GradebookBuilderTests
{
    private static readonly DateTimeOffset Day = new(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid First = Guid.NewGuid(), Second = Guid.NewGuid(), Third = Guid.NewGuid(), Other = Guid.NewGuid();

    /// <summary>Student 1 submitted three times: graded 4 (day 0), graded 4 (day 1), graded 2 (day 2); student 2 once, queued; student 3 never.</summary>
    private static GradebookData Data(CountedSubmission counts, string thirdStatus = "graded") => new(
        "hw", "c", "HW", null, 1, counts,
        [new("x", 3, false), new("y", 2, false), new("z", 1, true)],
        [new(1, "s1", "Ann", "11"), new(2, "s2", "Ben", null), new(3, "s3", "Cleo", "33")],
        [
            new(First, 1, Day, false, "graded", 4),
            new(Second, 1, Day.AddDays(1), false, "graded", 4),
            new(Third, 1, Day.AddDays(2), true, thirdStatus, 2),
            new(Other, 2, Day, false, "queued", null),
        ],
        [
            new(First, "x", 3, 3, "correct"), new(First, "y", 1, 2, "partial"),
            new(Second, "x", 2, 3, "partial"), new(Second, "y", 2, 2, "correct"),
            new(Third, "x", 0, 3, "incorrect"), new(Third, "y", 2, 2, "correct"), new(Third, "z", 0, 1, "pending_manual"),
        ]);

    private static GradebookRow Row(GradebookView view, string student) => view.Rows.Single(r => r.Student.ExternalId == student);

    [Fact]
    public void Latest_counts_the_most_recent_submission_whatever_it_scored()
    {
        var view = GradebookBuilder.Build(Data(CountedSubmission.Latest), new());
        Assert.Equal(Third, Row(view, "s1").Counted!.Id);
        Assert.Equal([0, 2, 0], Row(view, "s1").Cells.Select(c => c.Points));
        Assert.True(Row(view, "s1").NeedsManualGrading);
    }

    [Fact]
    public void Best_counts_the_highest_total_and_the_earlier_of_two_equal_ones()
    {
        var view = GradebookBuilder.Build(Data(CountedSubmission.Best), new());
        Assert.Equal(First, Row(view, "s1").Counted!.Id);
        Assert.Equal([3, 1, null], Row(view, "s1").Cells.Select(c => c.Points));
    }

    [Fact]
    public void Best_ignores_submissions_not_graded_and_falls_back_to_the_latest_without_any()
    {
        var view = GradebookBuilder.Build(Data(CountedSubmission.Best), new());
        Assert.Equal(Other, Row(view, "s2").Counted!.Id);
        Assert.Null(Row(view, "s3").Counted);
        Assert.Equal("none", Row(view, "s3").Status);
    }

    [Fact]
    public void The_summary_covers_the_whole_class_whatever_the_filter()
    {
        var view = GradebookBuilder.Build(Data(CountedSubmission.Best), new(Filter: "none"));
        Assert.Equal(["s3"], view.Rows.Select(r => r.Student.ExternalId));
        // 3 students, 2 submitted, 1 graded (s1, best total 4), 1 incomplete (s2, queued); the bonus
        // item z does not count in the maximum 5.
        Assert.Equal(new GradebookSummary(3, 2, 1, 1, 4, 5), view.Summary);
    }

    [Fact]
    public void A_counted_submission_with_an_answer_awaiting_a_ta_is_incomplete_and_exported_without_a_total()
    {
        // Latest: s1's third submission, whose z still waits for a TA.
        var view = GradebookBuilder.Build(Data(CountedSubmission.Latest), new(Filter: "incomplete"));
        Assert.Equal(["s1", "s2"], view.Rows.Select(r => r.Student.ExternalId));
        Assert.Equal("awaiting_manual", Row(view, "s1").Status);
        Assert.Equal((0, 2, (double?)null), (view.Summary.Graded, view.Summary.Incomplete, view.Summary.MeanTotal));
        var csv = GradebookCsv.Write(view);
        Assert.Contains("\r\ns1,Ann,11,0,2,,,awaiting_manual,yes,2025-05-03T00:00:00Z\r\n", csv);
    }

    [Fact]
    public void Students_without_a_value_stay_last_in_both_directions()
    {
        var up = GradebookBuilder.Build(Data(CountedSubmission.Latest), new(Sort: "index"));
        var down = GradebookBuilder.Build(Data(CountedSubmission.Latest), new(Sort: "index", Descending: true));
        Assert.Equal(["s1", "s3", "s2"], up.Rows.Select(r => r.Student.ExternalId));
        Assert.Equal(["s3", "s1", "s2"], down.Rows.Select(r => r.Student.ExternalId));
    }

    [Fact]
    public void An_unknown_sort_key_sorts_by_student_id()
    {
        var view = GradebookBuilder.Build(Data(CountedSubmission.Latest), new(Sort: "item:nope", Descending: true));
        Assert.Equal(["s3", "s2", "s1"], view.Rows.Select(r => r.Student.ExternalId));
    }
}
