using Grader.Core.Numerics;

namespace Grader.Core.Expressions;

/// <summary>What an expression evaluates to.</summary>
public abstract record Value
{
    /// <summary>A number, vector, matrix or higher-rank array.</summary>
    public sealed record Tensor(NdArray Array) : Value
    {
        public override string ToString() => Array.ToString();
    }

    /// <summary>A string literal, used for option arguments such as <c>padding="same"</c>.</summary>
    public sealed record Text(string Content) : Value
    {
        public override string ToString() => '"' + Content + '"';
    }

    /// <summary>
    /// <c>c*I</c> with no fixed size (a "uniform scaling", as in Julia): it takes the size of the
    /// square matrix it is added to, so students can write <c>X^T X + lambda*I</c> without naming d.
    /// </summary>
    public sealed record Identity(double Scale) : Value
    {
        public override string ToString() => Scale == 1 ? "I" : $"{Scale}*I";
    }

    public static Value Of(NdArray array) => new Tensor(array);

    /// <summary>
    /// A number. Small whole numbers (indices, counts, the 2 of 2(r-1)) come from a shared cache:
    /// values are immutable, and formulas evaluated entry by entry create them by the thousand.
    /// </summary>
    public static Value Of(double scalar) =>
        scalar is >= 0 and < CachedWholeNumbers && scalar == Math.Floor(scalar) && !double.IsNegative(scalar)
            ? WholeNumbers[(int)scalar]
            : new Tensor(NdArray.Scalar(scalar));

    private const int CachedWholeNumbers = 256;

    private static readonly Tensor[] WholeNumbers =
        Enumerable.Range(0, CachedWholeNumbers).Select(i => new Tensor(NdArray.Scalar(i))).ToArray();
}
