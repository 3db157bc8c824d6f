using System.Globalization;
using Grader.Core.Checking;
using Grader.Core.Rubrics;

namespace Grader.Core.Marking;

/// <summary>
/// What a person may set as a mark (manual grading, overrides): the check of a typed score or a
/// criterion's points, the score of ticked criteria, and the result a score stands for.
/// </summary>
public static class ManualScore
{
    /// <summary>
    /// The smallest step a person's score may take. Rubric criteria weigh in hundredths
    /// (0.35 + 0.35 + 0.3), so half points would be too coarse; a finer step would be noise.
    /// </summary>
    public const double Step = 0.05;

    /// <summary>Why <paramref name="points"/> cannot be a mark out of <paramref name="max"/>; null when it can.</summary>
    public static string? Problem(double? points, double max)
    {
        if (points is not { } p || !double.IsFinite(p)) return "Enter the points.";
        if (p < 0 || p > max + 1e-9) return $"Points must be between 0 and {Number(max)}.";
        return StepProblem(p);
    }

    /// <summary>Why a criterion cannot be worth <paramref name="points"/> in an item of <paramref name="max"/> points; null when it can.</summary>
    public static string? CriterionProblem(double points, double max)
    {
        if (!double.IsFinite(points) || Math.Abs(points) > max + 1e-9) return $"points must be between -{Number(max)} and {Number(max)}";
        return StepProblem(points)?.ToLowerInvariant();
    }

    /// <summary>
    /// The score of an answer graded by criteria: the start (0, or the full points for negative
    /// scoring) plus the ticked criteria's points and the TA's adjustment, kept within 0 and the
    /// maximum, to the step.
    /// </summary>
    public static double FromCriteria(double max, CriteriaScoring scoring, IEnumerable<double> ticked, double adjustment)
    {
        double start = scoring == CriteriaScoring.Negative ? max : 0;
        return Round(Math.Clamp(start + ticked.Sum() + adjustment, 0, max));
    }

    /// <summary>Full marks are correct, none incorrect, anything between partial.</summary>
    public static MarkStatus ResultFor(double points, double max) =>
        points >= max - 1e-9 ? MarkStatus.Correct : points <= 1e-9 ? MarkStatus.Incorrect : MarkStatus.Partial;

    /// <summary>Points as a person types them, rounded to the step so 0.1 + 0.2 stays 0.3.</summary>
    public static double Round(double points) => Math.Round(Math.Round(points / Step) * Step, 6);

    private static string? StepProblem(double points)
    {
        double steps = points / Step;
        return Math.Abs(steps - Math.Round(steps)) > 1e-6 ? $"Points go in steps of {Number(Step)}." : null;
    }

    private static string Number(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);
}
