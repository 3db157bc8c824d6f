using Grader.Core.Expressions.Builtins;

namespace Grader.Core.Expressions;

/// <summary>How to compare a student formula with the reference: what to sample, and how closely to compare.</summary>
public sealed record EquivalenceSpec
{
    /// <summary>Sampled in this order; array dimensions may name earlier integer variables.</summary>
    public IReadOnlyList<VariableSpec> Variables { get; init; } = [];

    /// <summary>
    /// Let-bindings evaluated in order after sampling (e.g. <c>p = softmax(z)</c>), visible to both
    /// formulas, so a student may answer in terms of p or of z.
    /// </summary>
    public IReadOnlyList<(string Name, Expr Definition)> Definitions { get; init; } = [];

    /// <summary>
    /// Index names (e.g. i, j) in which a student may write the answer entry by entry:
    /// <c>yhat_i*(delta_ij - yhat_j)</c> is the matrix whose (i, j) entry that is.
    /// </summary>
    public IReadOnlyList<string> Indices { get; init; } = [];

    /// <summary>A sample is used only where this evaluates to non-zero (e.g. <c>H + 2*p &gt;= k</c>).</summary>
    public Expr? Constraint { get; init; }

    /// <summary>How many valid sample points to compare at.</summary>
    public int Samples { get; init; } = 24;

    public int Seed { get; init; } = 20240917;

    public double RelativeTolerance { get; init; } = 1e-6;

    public double AbsoluteTolerance { get; init; } = 1e-9;

    /// <summary>What the reference, the definitions, the constraint and foreseen mistakes may call.</summary>
    public FunctionTable Functions { get; init; } = StandardFunctions.Table;

    /// <summary>What the candidate (the student's formula) may call: by default no reference function.</summary>
    public FunctionTable CandidateFunctions { get; init; } = StandardFunctions.Student;

    /// <summary>Fixed bindings, such as a matrix given in the question.</summary>
    public Scope? Constants { get; init; }

    /// <summary>Work allowed for one evaluation of one formula at one point.</summary>
    public long MaxOperationsPerEvaluation { get; init; } = EvaluationBudget.DefaultMaxOperations;
}
