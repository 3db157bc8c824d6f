using Grader.Core.Expressions;
using Grader.Core.Numerics;

namespace Grader.Core.Rubrics;

/// <summary>
/// One assignment's grading scheme, loaded and validated from its YAML file. Expressions are
/// parsed once at load, so grading a submission does no parsing of rubric text.
/// </summary>
public sealed record Rubric(
    string Id,
    string Title,
    string? Course,
    double TotalPoints,
    DateTimeOffset? Deadline,
    string? Notes,
    IReadOnlyDictionary<string, NdArray> Inputs,
    IReadOnlyList<VariantInput> Variants,
    IReadOnlyList<RubricItem> Items,
    string SourceName,
    string ContentHash)
{
    /// <summary>Which of a student's submissions the gradebook counts; the latest unless the rubric says <c>counts: best</c>.</summary>
    public CountedSubmission Counts { get; init; } = CountedSubmission.Latest;

    /// <summary>What students see of their marks and the answer key, and when (<c>release:</c>).</summary>
    public ReleasePolicy Release { get; init; } = ReleasePolicy.Default;

    public RubricItem? FindItem(string id) => Items.FirstOrDefault(i => i.Id == id);

    public bool HasVariants => Variants.Count > 0;
}

/// <summary>Which submission of a student counts when they submitted more than once.</summary>
public enum CountedSubmission
{
    /// <summary>The most recent one, whatever it scored: resubmitting can lower the grade.</summary>
    Latest,
    /// <summary>The one with the most points (the earlier one on a tie): resubmitting never hurts.</summary>
    Best,
}

/// <summary>An input computed per student, e.g. a matrix built from the index number.</summary>
public sealed record VariantInput(string Name, Expr Expression, string Source);
