using Grader.Core.Statistics;

namespace Grader.Core.Tests.Statistics;

public class ScoreHistogramTests
{
    [Theory]
    [InlineData(1, 0.5)]    // 0, 0.5, 1: 3 bins
    [InlineData(5, 0.5)]    // 0 .. 5 in halves: 11 bins
    [InlineData(5.5, 0.5)]  // 12 bins, the most allowed
    [InlineData(6, 1)]      // halves would need 13 bins
    [InlineData(11, 1)]     // 12 bins
    [InlineData(20, 2)]     // 0, 2, .., 20: 11 bins
    [InlineData(25, 2.5)]   // width 2 would need 13 bins; 2.5 needs 11
    [InlineData(40, 5)]     // 2.5 would need 17; 5 needs 9
    [InlineData(100, 10)]   // 11 bins
    [InlineData(200, 20)]
    public void The_bin_width_is_the_first_round_width_that_needs_at_most_twelve_bins(double max, double width)
    {
        Assert.Equal(width, ScoreHistogram.WidthFor(max));
    }

    [Fact]
    public void A_one_point_item_gets_bars_centred_on_none_half_and_full_marks()
    {
        // 0 and 0.2 nearest 0; 0.35 and 0.5 nearest 0.5; 0.96 and 1 nearest 1 (0.75 goes up, half-way).
        var histogram = ScoreHistogram.Of([0, 0.2, 0.35, 0.5, 0.75, 0.96, 1], 1);
        Assert.Equal(
            [new HistogramBin(0, 0, 0.25, 2), new HistogramBin(0.5, 0.25, 0.75, 2), new HistogramBin(1, 0.75, double.PositiveInfinity, 3)],
            histogram.Bins);
        Assert.Equal(7, histogram.Total);
    }

    [Fact]
    public void A_twenty_point_total_counts_each_score_in_the_bar_of_its_nearest_even_number()
    {
        // 20 and 19.5 in the bar "20" ([19, ...)); 3 half-way between 2 and 4 goes up; 2 in "2"; 0 in "0".
        var histogram = ScoreHistogram.Of([20, 19.5, 3, 2, 0], 20);
        Assert.Equal(11, histogram.Bins.Count);
        Assert.Equal([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 2], histogram.Bins.Select(b => b.Count));
        Assert.Equal((18, 17, 19), (histogram.Bins[9].Center, histogram.Bins[9].Lower, histogram.Bins[9].Upper));
    }

    [Fact]
    public void Scores_above_the_maximum_land_in_the_last_bar()
    {
        // a bonus or an override above the maximum
        var histogram = ScoreHistogram.Of([2.5, 7], 2);
        Assert.Equal([0, 0, 0, 0, 2], histogram.Bins.Select(b => b.Count));
    }

    [Fact]
    public void A_maximum_that_is_not_a_multiple_of_the_width_ends_with_the_bar_nearest_below_it()
    {
        // width 1 for 6.5 (halves would need 14 bins): bars 0..6; full marks 6.5 and 6 in "6"
        var histogram = ScoreHistogram.Of([6.5, 6], 6.5);
        Assert.Equal(7, histogram.Bins.Count);
        Assert.Equal(2, histogram.Bins[6].Count);
    }

    [Fact]
    public void A_value_a_hair_below_a_bin_edge_from_adding_fractions_counts_in_that_bin()
    {
        // 0.35 + 0.35 + 0.3 = 0.9999999999999999: full marks of a 1-point item; 0.1 + 0.15 = 0.25 exactly half-way up
        var histogram = ScoreHistogram.Of([0.35 + 0.35 + 0.3, 0.1 + 0.15], 1);
        Assert.Equal([0, 1, 1], histogram.Bins.Select(b => b.Count));
    }

    [Fact]
    public void No_scores_give_empty_bars_over_the_whole_range()
    {
        var histogram = ScoreHistogram.Of([], 2);
        Assert.Equal(5, histogram.Bins.Count);
        Assert.All(histogram.Bins, b => Assert.Equal(0, b.Count));
    }
}
