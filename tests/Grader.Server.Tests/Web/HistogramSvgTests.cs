using System.Text.RegularExpressions;
using Grader.Core.Statistics;
using Grader.Server.Web.Charts;

namespace Grader.Server.Tests.Web;

public sealed class HistogramSvgTests
{
    // A 1-point item: bars centred on 0, 0.5, 1 holding 2, 0, 1 students.
    private static readonly ScoreHistogram OnePoint = new(0.5, 1,
        [new HistogramBin(0, 0, 0.25, 2), new HistogramBin(0.5, 0.25, 0.75, 0), new HistogramBin(1, 0.75, double.PositiveInfinity, 1)]);

    private static List<(string X, string Y, string Width, string Height)> Bars(string svg) =>
        Regex.Matches(svg, @"<rect class=""bar[^""]*"" x=""([^""]+)"" y=""([^""]+)"" width=""([^""]+)"" height=""([^""]+)""/>")
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value)).ToList();

    [Fact]
    public void Bars_are_as_tall_as_their_share_of_the_fullest_bar()
    {
        // plot height 150 - 16 - 22 = 112; the fullest bar (2) is 112 high, 1 student 56, none 0.
        // slots (360 - 16) / 3 = 114.67 wide, bars 85 % of that (97.5), centred: 8 + 114.67 * 0.075 = 16.6.
        var bars = Bars(HistogramSvg.Render(OnePoint, "q1"));
        Assert.Equal([("16.6", "16", "97.5", "112"), ("131.3", "128", "97.5", "0"), ("245.9", "72", "97.5", "56")], bars);
    }

    [Fact]
    public void Each_bar_says_its_range_and_count_and_the_last_one_is_open_ended()
    {
        var svg = HistogramSvg.Render(OnePoint, "q1");
        Assert.Contains("<title>points &lt; 0.25: 2 students</title>", svg);
        Assert.Contains("<title>0.25 ≤ points &lt; 0.75: 0 students</title>", svg);
        Assert.Contains("<title>points ≥ 0.75: 1 student</title>", svg);
    }

    [Fact]
    public void Only_the_last_bar_is_drawn_as_full_marks()
    {
        var svg = HistogramSvg.Render(OnePoint, "q1");
        Assert.Single(Regex.Matches(svg, @"class=""bar full"""));
        Assert.True(svg.IndexOf("bar full", StringComparison.Ordinal) > svg.LastIndexOf(@"class=""bar""", StringComparison.Ordinal));
    }

    [Fact]
    public void Counts_are_written_above_bars_with_students_only_and_every_bar_is_labelled_with_the_value_it_is_centred_on()
    {
        var svg = HistogramSvg.Render(OnePoint, "q1");
        Assert.Equal(["2", "1"], Regex.Matches(svg, @"<text class=""count""[^>]*>([^<]*)</text>").Select(m => m.Groups[1].Value));
        Assert.Equal(["0", "0.5", "1"], Regex.Matches(svg, @"<text class=""tick""[^>]*>([^<]*)</text>").Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void The_label_is_encoded_so_an_item_id_cannot_inject_markup()
    {
        var svg = HistogramSvg.Render(OnePoint, "<script>alert(1)</script>\"");
        Assert.DoesNotContain("<script>", svg);
        Assert.Contains("aria-label=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;\"", svg);
    }

    [Fact]
    public void An_empty_histogram_draws_flat_bars_without_dividing_by_zero()
    {
        var svg = HistogramSvg.Render(ScoreHistogram.Of([], 1), "empty");
        Assert.All(Bars(svg), bar => Assert.Equal("0", bar.Height));
    }

    [Fact]
    public void The_chart_uses_no_inline_style()
    {
        Assert.DoesNotContain("style=", HistogramSvg.Render(OnePoint, "q1"));
    }
}
