using System.Globalization;
using Grader.Core.Numerics;

namespace Grader.Core.Expressions;

/// <summary>Compares normalised results and says, for the student, how they differ.</summary>
internal static class ResultComparison
{
    private const int MaxElementsShown = 12;

    public enum Kind { Same, Shape, Values }

    /// <summary>Compares <paramref name="expected"/> (reference) with <paramref name="actual"/>; the text is null when they agree.</summary>
    public static (Kind Kind, string? Text) Compare(Value expected, Value actual, double relative, double absolute)
    {
        expected = ValueNormalizer.Normalize(expected);
        actual = ValueNormalizer.Normalize(actual);
        if (expected is not Value.Tensor { Array: var e } || actual is not Value.Tensor { Array: var a })
        {
            return expected.Equals(actual)
                ? (Kind.Same, null)
                : (Kind.Values, $"expected {Shapes.Describe(expected)} {expected}, got {Shapes.Describe(actual)} {actual}");
        }
        if (!e.SameShape(a))
            return (Kind.Shape, $"your expression gives {Shapes.Describe(a)}, expected {Shapes.Describe(e)}");
        for (int i = 0; i < e.Length; i++)
        {
            if (Close(e.Data[i], a.Data[i], relative, absolute)) continue;
            if (e.Rank == 0)
                return (Kind.Values, $"expected {Number(e.Data[0], a.Data[0])}, got {Number(a.Data[0], e.Data[0])}");
            if (e.Length <= MaxElementsShown)
                return (Kind.Values, $"expected {e}, got {a}");
            return (Kind.Values,
                $"entry {Position(e.Shape, i)} is {Number(a.Data[i], e.Data[i])}, expected {Number(e.Data[i], a.Data[i])}");
        }
        return (Kind.Same, null);
    }

    public static bool Close(double expected, double actual, double relative, double absolute) =>
        expected == actual
        || (double.IsFinite(expected) && double.IsFinite(actual)
            && Math.Abs(expected - actual) <= absolute + relative * Math.Max(Math.Abs(expected), Math.Abs(actual)));

    // Enough digits that two different numbers never print the same.
    private static string Number(double value, double other)
    {
        for (int digits = 6; digits < 17; digits += 3)
        {
            string a = NdArrayFormatter.FormatNumber(value, digits), b = NdArrayFormatter.FormatNumber(other, digits);
            if (a != b) return a;
        }
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>1-based position, as the sheets count: "(2, 1)", or "3" in a vector.</summary>
    private static string Position(int[] shape, int offset)
    {
        var index = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = offset % shape[d] + 1;
            offset /= shape[d];
        }
        return shape.Length == 1 ? index[0].ToString(CultureInfo.InvariantCulture) : "(" + string.Join(", ", index) + ")";
    }

    /// <summary>A sampled value as it appears in a counterexample: numbers in full, small arrays as lists, big ones by shape.</summary>
    public static string FormatBinding(Value value) => value switch
    {
        Value.Tensor { Array: { Rank: 0 } a } => NdArrayFormatter.FormatNumber(a.Data[0]),
        Value.Tensor { Array: var a } when a.Length <= MaxElementsShown => NdArrayFormatter.Format(a),
        _ => Shapes.Describe(value),
    };
}
