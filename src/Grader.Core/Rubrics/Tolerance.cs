using System.Globalization;

namespace Grader.Core.Rubrics;

/// <summary>
/// How close a numeric answer must be. An entry is right when any criterion that is set holds:
/// absolute difference, difference relative to the expected value, or agreement to a number of
/// significant figures (within half a unit in the last significant place).
/// <para>
/// The policy, in this one place: an answer rounded to <see cref="RoundingFigures"/> significant
/// figures is right wherever the rubric does not say otherwise (an item's <c>sigfigs</c> sets
/// another number, <c>sigfigs: false</c> turns it off). Integer items are exact.
/// </para>
/// </summary>
public sealed record Tolerance(double? Absolute, double? Relative, int? SignificantFigures)
{
    /// <summary>Students round to three significant figures unless told otherwise.</summary>
    public const int RoundingFigures = 3;

    public static Tolerance Default { get; } = new(1e-6, 5e-3, RoundingFigures);

    public static Tolerance Exact { get; } = new(0, null, null);

    public bool Accepts(double expected, double actual)
    {
        if (!double.IsFinite(actual)) return false;
        double difference = Math.Abs(actual - expected);
        if (difference == 0) return true;
        if (Absolute is { } abs && difference <= abs) return true;
        if (Relative is { } rel && difference <= rel * Math.Abs(expected)) return true;
        if (SignificantFigures is { } figures && expected != 0)
        {
            double lastPlace = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(expected))) - figures + 1);
            // A hair of slack so that 0.8026 rounded to 0.803 is not lost to binary rounding.
            if (difference <= 0.5 * lastPlace * (1 + 1e-9)) return true;
        }
        return false;
    }

    /// <summary><paramref name="value"/> as a student writes it to <paramref name="figures"/> significant figures.</summary>
    public static double Round(double value, int figures = RoundingFigures) =>
        double.IsFinite(value)
            ? double.Parse(value.ToString("G" + figures, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : value;

    public override string ToString()
    {
        var parts = new List<string>();
        if (Absolute is { } a) parts.Add($"±{a:G3}");
        if (Relative is { } r) parts.Add($"{r * 100:G3}% relative");
        if (SignificantFigures is { } s) parts.Add($"{s} significant figures");
        return parts.Count == 0 ? "exact" : string.Join(" or ", parts);
    }
}
