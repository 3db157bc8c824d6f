using Grader.Core.Expressions;

namespace Grader.Core.Rubrics;

/// <summary>The kind-specific part of an item: what is expected and how to compare.</summary>
public abstract record ItemCheck;

/// <summary>number, vector, matrix, tensor and integer items.</summary>
public sealed record NumericCheck(
    ExpectedValue Expected,
    int? RequiredRank,
    bool Exact,
    Tolerance Tolerance,
    PartialCredit Partial,
    IReadOnlyList<AnticipatedMistake> Mistakes) : ItemCheck;

/// <summary>
/// formula items: one expression, or a grid of expressions (a matrix whose cells are formulas).
/// </summary>
public sealed record FormulaCheck(
    IReadOnlyList<int> CellShape,
    IReadOnlyList<Expr> ExpectedCells,
    IReadOnlyList<string> ExpectedSources,
    EquivalenceSpec Equivalence,
    PartialCredit Partial,
    IReadOnlyList<FormulaMistake> Mistakes) : ItemCheck
{
    public bool IsGrid => CellShape.Count > 0;

    /// <summary>Other answers that are right as well (<c>accept:</c>), each cell for cell like the expected one.</summary>
    public IReadOnlyList<IReadOnlyList<Expr>> Alternatives { get; init; } = [];
}

public sealed record ChoiceCheck(IReadOnlyList<string> Options, IReadOnlyList<string> Expected) : ItemCheck;

public sealed record TextCheck(string ModelAnswer, IReadOnlyList<string> Notes) : ItemCheck
{
    /// <summary>What a TA ticks per answer; the score is their sum from <see cref="Scoring"/>'s start, within the item's points.</summary>
    public IReadOnlyList<GradingCriterion> Criteria { get; init; } = [];

    public CriteriaScoring Scoring { get; init; } = CriteriaScoring.Positive;
}

public sealed record ModelCheck(ModelRequirement Requirement) : ItemCheck;

/// <summary>What a trained network must reach; evaluated by the CNN evaluation worker.</summary>
public sealed record ModelRequirement(
    string Dataset,
    string Metric,
    double Threshold,
    double? RampFrom,
    IReadOnlyList<string> Formats)
{
    public ModelPreprocessing Preprocessing { get; init; } = ModelPreprocessing.Default;

    /// <summary>The fixed network state_dict uploads (.pt/.pth/.safetensors) are loaded into.</summary>
    public ModelArchitecture? Architecture { get; init; }
}

/// <summary>An expected value: a literal array, or an expression evaluated per student.</summary>
public abstract record ExpectedValue
{
    public sealed record Literal(Grader.Core.Numerics.NdArray Value) : ExpectedValue;

    public sealed record Computed(Expr Expression, string Source) : ExpectedValue;
}

/// <summary>A wrong answer the author foresaw, with feedback aimed at the misconception.</summary>
public sealed record AnticipatedMistake(ExpectedValue Value, string Feedback, double Points);

/// <summary>A foreseen wrong formula (or grid of formulas, cell for cell like the expected one).</summary>
public sealed record FormulaMistake(IReadOnlyList<Expr> Cells, string Feedback, double Points);

public enum PartialCredit
{
    Proportional,
    AllOrNothing,
}
