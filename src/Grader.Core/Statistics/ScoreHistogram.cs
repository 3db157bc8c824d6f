namespace Grader.Core.Statistics;

/// <summary>
/// One bar, labelled <see cref="Center"/>: the scores in [<see cref="Lower"/>, <see cref="Upper"/>),
/// the first bar from 0 and the last one open upwards.
/// </summary>
public sealed record HistogramBin(double Center, double Lower, double Upper, int Count);

/// <summary>
/// Scores counted in equal bins from 0 to the maximum. The width is the smallest "round" width
/// (0.5, 1, 2, 2.5, 5, 10, …) that needs at most <see cref="MaxBins"/> bins, and each bar is
/// centred on a multiple of it, holding the scores nearest to that value: a 1-point item gets the
/// bars 0, 0.5 and 1, and a 0.96 counts in the bar "1", not "0.5". The last bar (the full marks
/// where the maximum is a multiple of the width) is the one a TA looks at first.
/// </summary>
public sealed record ScoreHistogram(double BinWidth, double MaxPoints, IReadOnlyList<HistogramBin> Bins)
{
    public const int MaxBins = 12;

    private static readonly double[] Steps = [1, 2, 2.5, 5];

    public int Total => Bins.Sum(b => b.Count);

    public static ScoreHistogram Of(IEnumerable<double> scores, double maxPoints)
    {
        if (maxPoints <= 0) maxPoints = 1; // bonus-only or empty rubric: still one meaningful axis
        double width = WidthFor(maxPoints);
        int last = (int)Math.Floor(maxPoints / width + 1e-9);
        var counts = new int[last + 1];
        foreach (var score in scores)
        {
            // The nearest multiple of the width (a half-way score goes up); below 0 cannot happen
            // for marks, above the maximum can (bonus): both clamp to the ends.
            int index = (int)Math.Floor(score / width + 0.5 + 1e-9);
            counts[Math.Clamp(index, 0, last)]++;
        }
        var bins = counts.Select((count, i) => new HistogramBin(i * width, Math.Max(0, (i - 0.5) * width),
            i == last ? double.PositiveInfinity : (i + 0.5) * width, count)).ToList();
        return new ScoreHistogram(width, maxPoints, bins);
    }

    /// <summary>0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, …: the first that fits <paramref name="maxPoints"/> in <see cref="MaxBins"/> bins.</summary>
    public static double WidthFor(double maxPoints)
    {
        if (Math.Floor(maxPoints / 0.5 + 1e-9) + 1 <= MaxBins) return 0.5;
        for (double scale = 1; ; scale *= 10)
            foreach (var step in Steps)
                if (Math.Floor(maxPoints / (step * scale) + 1e-9) + 1 <= MaxBins) return step * scale;
    }
}
