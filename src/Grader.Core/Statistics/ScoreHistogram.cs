namespace Grader.Core.Statistics;

/// <summary>One bar: the scores in [<see cref="Lower"/>, <see cref="Upper"/>).</summary>
public sealed record HistogramBin(double Lower, double Upper, int Count);

/// <summary>
/// Scores counted in equal bins from 0 to the maximum. The width is the smallest "round" width
/// (0.5, 1, 2, 2.5, 5, 10, …) that needs at most <see cref="MaxBins"/> bins, and bins start at
/// multiples of it, so a 1-point item gets the bars 0, 0.5 and 1, and full marks always have a
/// bar of their own (the last one) where the maximum is a multiple of the width: the bar a TA
/// looks at first.
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
            // Below 0 cannot happen for marks, above the maximum can (bonus): both clamp to the ends.
            int index = (int)Math.Floor(score / width + 1e-9);
            counts[Math.Clamp(index, 0, last)]++;
        }
        var bins = counts.Select((count, i) => new HistogramBin(i * width, (i + 1) * width, count)).ToList();
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
