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
    public RubricItem? FindItem(string id) => Items.FirstOrDefault(i => i.Id == id);

    public bool HasVariants => Variants.Count > 0;
}

/// <summary>An input computed per student, e.g. a matrix built from the index number.</summary>
public sealed record VariantInput(string Name, Expr Expression, string Source);
