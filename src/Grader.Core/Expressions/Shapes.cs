using Grader.Core.Numerics;

namespace Grader.Core.Expressions;

/// <summary>Shape words for student-facing messages.</summary>
public static class Shapes
{
    /// <summary>"a number", "a vector of length 3", "a 3x2 matrix", "an array of shape 2x2x2".</summary>
    public static string Describe(IReadOnlyList<int> shape) => shape.Count switch
    {
        0 => "a number",
        1 => $"a vector of length {shape[0]}",
        2 => $"a {shape[0]}x{shape[1]} matrix",
        _ => $"an array of shape {NdArray.FormatShape(shape)}",
    };

    public static string Describe(NdArray array) => Describe(array.Shape);

    public static string Describe(Value value) => value switch
    {
        Value.Tensor t => Describe(t.Array),
        Value.Text => "a string",
        Value.Identity => "the identity I",
        _ => "a value",
    };

    /// <summary>A 1-D vector or a matrix with one row or one column: anything with a single "length".</summary>
    internal static bool IsVectorLike(NdArray a) =>
        a.Rank == 1 || (a.Rank == 2 && (a.Shape[0] == 1 || a.Shape[1] == 1));

    /// <summary>[n] and [n,1] hold the same numbers: students and references mix the two freely.</summary>
    internal static bool VectorAndColumn(NdArray a, NdArray b) =>
        (a.Rank == 1 && b.Rank == 2 && b.Shape[1] == 1 && b.Shape[0] == a.Shape[0])
        || (b.Rank == 1 && a.Rank == 2 && a.Shape[1] == 1 && a.Shape[0] == b.Shape[0]);
}
