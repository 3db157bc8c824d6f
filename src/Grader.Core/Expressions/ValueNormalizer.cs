using Grader.Core.Numerics;

namespace Grader.Core.Expressions;

/// <summary>
/// Brings results into one representation before comparison, so that a reference computed as a
/// 1-D vector and a student's column (or a 1x1 <c>w^T x</c> and a plain number) agree.
/// </summary>
public static class ValueNormalizer
{
    /// <summary>
    /// Any one-element array becomes a scalar; an [n,1] column becomes the vector [n].
    /// Rows [1,n] and everything else stay as they are.
    /// </summary>
    public static Value Normalize(Value value)
    {
        if (value is not Value.Tensor { Array: var array }) return value;
        if (array.Length == 1 && array.Rank > 0) return Value.Of(array.Data[0]);
        if (array.Rank == 2 && array.Shape[1] == 1) return Value.Of(new NdArray([array.Shape[0]], array.Data));
        return value;
    }

    public static NdArray Normalize(NdArray array) =>
        ((Value.Tensor)Normalize(Value.Of(array))).Array;
}
