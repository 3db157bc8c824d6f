using System.Globalization;
using System.Net;
using System.Text;
using Grader.Core.Statistics;

namespace Grader.Server.Web.Charts;

/// <summary>
/// Draws a score histogram as inline SVG on the server: no script, and no inline style (the CSP
/// forbids it), only presentation attributes and the chart classes of site.css. Each bar carries
/// a &lt;title&gt; (its range and count) for a tooltip and for screen readers.
/// </summary>
public static class HistogramSvg
{
    public const int Width = 360;
    public const int Height = 150;
    private const int Left = 8, Right = 8, Top = 16, Bottom = 22;
    private const double Gap = 0.15;

    /// <summary>The SVG markup, HTML-safe: <paramref name="label"/> and all numbers are encoded.</summary>
    public static string Render(ScoreHistogram histogram, string label)
    {
        var bins = histogram.Bins;
        int most = Math.Max(1, bins.Count == 0 ? 1 : bins.Max(b => b.Count));
        double plotWidth = Width - Left - Right, plotHeight = Height - Top - Bottom;
        double slot = plotWidth / Math.Max(1, bins.Count);
        double baseline = Top + plotHeight;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg class="chart" role="img" viewBox="0 0 {Width} {Height}" width="{Width}" height="{Height}" aria-label="{Encode(label)}">""");
        for (int i = 0; i < bins.Count; i++)
        {
            var bin = bins[i];
            double x = Left + i * slot + slot * Gap / 2, barWidth = slot * (1 - Gap);
            double barHeight = bin.Count * plotHeight / most;
            double y = baseline - barHeight;
            bool full = i == bins.Count - 1;
            svg.Append(CultureInfo.InvariantCulture,
                $"""<g><title>{Encode(Range(bin, i == 0, full))}: {bin.Count} {(bin.Count == 1 ? "student" : "students")}</title>""");
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect class="bar{(full ? " full" : "")}" x="{N(x)}" y="{N(y)}" width="{N(barWidth)}" height="{N(barHeight)}"/>""");
            if (bin.Count > 0)
                svg.Append(CultureInfo.InvariantCulture, $"""<text class="count" x="{N(x + barWidth / 2)}" y="{N(y - 3)}" text-anchor="middle">{bin.Count}</text>""");
            svg.Append(CultureInfo.InvariantCulture,
                $"""<text class="tick" x="{N(x + barWidth / 2)}" y="{N(baseline + 14)}" text-anchor="middle">{Encode(Format.Number(bin.Center))}</text></g>""");
        }
        svg.Append(CultureInfo.InvariantCulture, $"""<line class="axis" x1="{Left}" y1="{N(baseline)}" x2="{Width - Right}" y2="{N(baseline)}"/>""");
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>"0.25 ≤ points &lt; 0.75"; the first bar "points &lt; 0.25", the last "points ≥ 0.75" (full marks and above).</summary>
    private static string Range(HistogramBin bin, bool first, bool last) =>
        last ? $"points ≥ {Format.Number(bin.Lower)}"
        : first ? $"points < {Format.Number(bin.Upper)}"
        : $"{Format.Number(bin.Lower)} ≤ points < {Format.Number(bin.Upper)}";

    private static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
