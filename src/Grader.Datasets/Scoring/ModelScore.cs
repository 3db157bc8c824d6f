namespace Grader.Datasets.Scoring;

/// <summary>
/// Points of a model item from its accuracy (the rubric's <c>threshold</c> and optional
/// <c>scoring: { ramp_from }</c>):
/// <list type="bullet">
/// <item>accuracy &gt;= threshold: full points;</item>
/// <item>with <c>ramp_from</c>: accuracy &lt;= ramp_from gives 0, and in between the fraction is
/// linear, <c>(accuracy - ramp_from) / (threshold - ramp_from)</c>;</item>
/// <item>without: 0 below the threshold.</item>
/// </list>
/// Points = fraction x max points, unrounded (rounding is the report's business).
/// </summary>
/// <param name="Accuracy">The measured accuracy, 0..1.</param>
/// <param name="Threshold">Accuracy giving full points.</param>
/// <param name="RampFrom">Accuracy from which points start, or null for all-or-nothing.</param>
/// <param name="Fraction">Share of the points earned, 0..1.</param>
/// <param name="Points">Fraction x MaxPoints.</param>
/// <param name="MaxPoints">The item's points.</param>
public sealed record ModelScore(double Accuracy, double Threshold, double? RampFrom, double Fraction, double Points, double MaxPoints)
{
    /// <summary>Whether the accuracy reaches the threshold.</summary>
    public bool MeetsThreshold => Accuracy >= Threshold;

    /// <summary>Scores <paramref name="accuracy"/>; throws <see cref="ArgumentOutOfRangeException"/>
    /// for values outside 0..1, a ramp start not below the threshold, or negative points.</summary>
    public static ModelScore Compute(double accuracy, double threshold, double? rampFrom = null, double maxPoints = 1)
    {
        if (double.IsNaN(accuracy) || accuracy < 0 || accuracy > 1)
            throw new ArgumentOutOfRangeException(nameof(accuracy), $"accuracy {accuracy} is outside 0..1");
        if (double.IsNaN(threshold) || threshold < 0 || threshold > 1)
            throw new ArgumentOutOfRangeException(nameof(threshold), $"threshold {threshold} is outside 0..1");
        if (rampFrom is { } r && (double.IsNaN(r) || r < 0 || r >= threshold))
            throw new ArgumentOutOfRangeException(nameof(rampFrom), $"ramp_from {r} must lie in 0..threshold ({threshold}), below the threshold");
        if (double.IsNaN(maxPoints) || maxPoints < 0 || double.IsInfinity(maxPoints))
            throw new ArgumentOutOfRangeException(nameof(maxPoints), $"points {maxPoints} must be a non-negative number");

        double fraction;
        if (accuracy >= threshold)
            fraction = 1;
        else if (rampFrom is { } from)
            fraction = accuracy <= from ? 0 : Math.Clamp((accuracy - from) / (threshold - from), 0, 1);
        else
            fraction = 0;
        return new ModelScore(accuracy, threshold, rampFrom, fraction, fraction * maxPoints, maxPoints);
    }

    /// <summary>Scores <paramref name="correct"/> out of <paramref name="total"/> (accuracy = correct / total).</summary>
    public static ModelScore Compute(long correct, long total, double threshold, double? rampFrom = null, double maxPoints = 1)
    {
        if (total <= 0 || correct < 0 || correct > total)
            throw new ArgumentOutOfRangeException(nameof(correct), $"{correct} correct out of {total}");
        return Compute((double)correct / total, threshold, rampFrom, maxPoints);
    }
}
