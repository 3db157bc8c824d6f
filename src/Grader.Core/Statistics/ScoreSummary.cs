namespace Grader.Core.Statistics;

/// <summary>
/// How a set of scores (one per student) came out against the most a student could get:
/// count, mean, median and the share of students at full marks.
/// </summary>
public sealed record ScoreSummary(int Count, double Mean, double Median, double FullMarksShare, double MaxPoints)
{
    /// <summary>The summary of <paramref name="scores"/>; all zero for no scores.</summary>
    public static ScoreSummary Of(IReadOnlyCollection<double> scores, double maxPoints)
    {
        if (scores.Count == 0) return new ScoreSummary(0, 0, 0, 0, maxPoints);
        // Full marks compared with a little slack: points are sums of fractions (0.35 + 0.35 + 0.3).
        int full = scores.Count(s => s >= maxPoints - 1e-9);
        return new ScoreSummary(scores.Count, scores.Average(), MedianOf(scores), (double)full / scores.Count, maxPoints);
    }

    /// <summary>The middle value; the mean of the two middle values for an even count.</summary>
    public static double MedianOf(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("the median of no values is undefined", nameof(values));
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
