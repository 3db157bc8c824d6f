using System.Globalization;

namespace Grader.Core.Marking;

/// <summary>
/// The one way points are rounded for people to read: to two decimals, halves away from zero, as
/// the decimal number written (1.625 shows as 1.63, 0.285 as 0.29). The CLI, feedback texts and
/// the dashboard all call this, so a mark reads the same wherever it is shown.
/// </summary>
public static class PointsFormat
{
    public const int Decimals = 2;

    /// <summary><paramref name="points"/> rounded to <paramref name="decimals"/> places, halves away from zero.</summary>
    public static double Round(double points, int decimals = Decimals)
    {
        // Through decimal, because the double nearest 0.285 lies just below it and would round down.
        if (!double.IsFinite(points) || Math.Abs(points) > 1e15) return points;
        return (double)Math.Round((decimal)points, decimals, MidpointRounding.AwayFromZero);
    }

    /// <summary>"1.63", "2.5", "3": no trailing zeros.</summary>
    public static string Format(double points, int decimals = Decimals) =>
        Round(points, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
}
