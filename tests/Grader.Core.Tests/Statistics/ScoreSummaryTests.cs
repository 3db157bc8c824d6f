using Grader.Core.Statistics;

namespace Grader.Core.Tests.Statistics;

public class ScoreSummaryTests
{
    [Fact]
    public void The_median_of_an_odd_count_is_the_middle_value_after_sorting()
    {
        // sorted: 1, 2, 7 -> 2
        Assert.Equal(2, ScoreSummary.MedianOf([7, 1, 2]));
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_two_middle_values()
    {
        // sorted: 0, 1, 1.5, 4 -> (1 + 1.5) / 2 = 1.25
        Assert.Equal(1.25, ScoreSummary.MedianOf([4, 1.5, 0, 1]));
    }

    [Fact]
    public void The_median_of_one_value_is_that_value()
    {
        Assert.Equal(3.5, ScoreSummary.MedianOf([3.5]));
    }

    [Fact]
    public void The_median_of_no_values_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ScoreSummary.MedianOf([]));
    }

    [Fact]
    public void A_summary_counts_mean_median_and_the_share_at_full_marks()
    {
        // 2, 2, 1, 0 of 2: mean 5/4 = 1.25; sorted 0, 1, 2, 2 -> median 1.5; 2 of 4 at full marks.
        var summary = ScoreSummary.Of([2, 2, 1, 0], 2);
        Assert.Equal(new ScoreSummary(4, 1.25, 1.5, 0.5, 2), summary);
    }

    [Fact]
    public void Full_marks_made_of_fractions_count_as_full()
    {
        // 0.35 + 0.35 + 0.3 is 0.9999999999999999 in doubles.
        var summary = ScoreSummary.Of([0.35 + 0.35 + 0.3], 1);
        Assert.Equal(1, summary.FullMarksShare);
    }

    [Fact]
    public void More_than_full_marks_counts_as_full_marks()
    {
        Assert.Equal(0.5, ScoreSummary.Of([21, 3], 20).FullMarksShare);
    }

    [Fact]
    public void No_scores_give_an_empty_summary_not_a_division_by_zero()
    {
        Assert.Equal(new ScoreSummary(0, 0, 0, 0, 5), ScoreSummary.Of([], 5));
    }
}
