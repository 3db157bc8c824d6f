using System.Globalization;
using System.Text.RegularExpressions;
using Grader.Core.Checking;
using Grader.Core.Rubrics;

namespace Grader.Core.Marking;

/// <summary>A score a TA can give with one key: 0, half, full, and the rubric's own levels.</summary>
public sealed record ScoreLevel(double Points, string Label, string Key);

/// <summary>
/// What a person may set as a mark (manual grading, overrides): the usual scores, the check of a
/// typed score, and the result a score stands for.
/// </summary>
public static partial class ManualScore
{
    /// <summary>
    /// The smallest step a person's score may take. Rubric notes weigh criteria in hundredths
    /// (0.35 + 0.35 + 0.3), so half points would be too coarse; a finer step would be noise.
    /// </summary>
    public const double Step = 0.05;

    /// <summary>
    /// 0 (key 0), half (key 1) and full marks (key 2), then every distinct weight the item's notes
    /// give in a trailing "(1.5)" (keys 3 to 9), smallest first: a criterion's weight is the score
    /// of an answer that meets that criterion alone.
    /// </summary>
    public static IReadOnlyList<ScoreLevel> Levels(RubricItem item)
    {
        double max = item.Points;
        var levels = new List<ScoreLevel> { new(0, "0", "0"), new(Round(max / 2), "half", "1"), new(max, "full", "2") };
        var notes = item.Check is TextCheck text ? text.Notes : [];
        var extra = notes.Select(NoteWeight).OfType<double>()
            .Where(w => w > 0 && w < max && levels.All(l => Math.Abs(l.Points - w) > 1e-9))
            .Distinct().Order().Take(7).ToList();
        levels.AddRange(extra.Select((w, i) => new ScoreLevel(w, Number(w), (i + 3).ToString(CultureInfo.InvariantCulture))));
        return levels;
    }

    /// <summary>The weight a note ends with, as in "Robustness to outliers (1.5)"; null when it has none.</summary>
    public static double? NoteWeight(string note) =>
        TrailingWeight().Match(note) is { Success: true } m
            ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;

    /// <summary>Why <paramref name="points"/> cannot be a mark out of <paramref name="max"/>; null when it can.</summary>
    public static string? Problem(double? points, double max)
    {
        if (points is not { } p || !double.IsFinite(p)) return "Enter the points.";
        if (p < 0 || p > max + 1e-9) return $"Points must be between 0 and {Number(max)}.";
        double steps = p / Step;
        if (Math.Abs(steps - Math.Round(steps)) > 1e-6) return $"Points go in steps of {Number(Step)}.";
        return null;
    }

    /// <summary>Full marks are correct, none incorrect, anything between partial.</summary>
    public static MarkStatus ResultFor(double points, double max) =>
        points >= max - 1e-9 ? MarkStatus.Correct : points <= 1e-9 ? MarkStatus.Incorrect : MarkStatus.Partial;

    /// <summary>Points as a person types them, rounded to the step so 0.1 + 0.2 stays 0.3.</summary>
    public static double Round(double points) => Math.Round(Math.Round(points / Step) * Step, 6);

    private static string Number(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\((\d+(?:\.\d+)?)\)\s*$")]
    private static partial Regex TrailingWeight();
}
