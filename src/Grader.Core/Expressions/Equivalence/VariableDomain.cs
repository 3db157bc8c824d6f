namespace Grader.Core.Expressions;

/// <summary>Where the values of a variable are drawn from when formulas are compared.</summary>
public abstract record VariableDomain
{
    /// <summary>Uniform in [Min, Max].</summary>
    public sealed record Real(double Min, double Max) : VariableDomain;

    /// <summary>Uniform over the whole numbers Min..Max, both included.</summary>
    public sealed record Integer(long Min, long Max) : VariableDomain;

    /// <summary>An array with entries uniform in [Min, Max] (whole numbers when <paramref name="IntegerValued"/>).</summary>
    public sealed record Array(IReadOnlyList<DimensionRef> Shape, double Min, double Max, bool IntegerValued = false) : VariableDomain;

    /// <summary>A probability vector: positive entries summing to 1 (e.g. softmax output or a soft target).</summary>
    public sealed record Simplex(DimensionRef Length) : VariableDomain;

    /// <summary>A vector with a single 1 at a random position, the rest 0 (a one-hot label).</summary>
    public sealed record OneHot(DimensionRef Length) : VariableDomain;
}
