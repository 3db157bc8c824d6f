namespace Grader.Core.Rubrics;

/// <summary>
/// One criterion of a text item's marking scheme: what a TA ticks when an answer meets it, and the
/// points that adds (or, negative, takes away). The rubric's criteria seed the grading page, where
/// staff may edit them.
/// </summary>
public sealed record GradingCriterion(string Description, double Points);

/// <summary>Where a criteria-graded answer's score starts before its ticked criteria are added.</summary>
public enum CriteriaScoring
{
    /// <summary>From 0: criteria award points.</summary>
    Positive,
    /// <summary>From the item's full points: criteria (with negative points) take them away.</summary>
    Negative,
}
