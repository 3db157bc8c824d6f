using Grader.Core.Expressions;
using Grader.Core.Numerics;
using Grader.Core.Rubrics;

namespace Grader.Core.Checking;

/// <summary>
/// Per-entry credit must not pay for an answer that carries no work. The baseline is the most
/// entries such an answer gets right: a constant array (all zeros, or any other single value: the
/// reference's most frequent value), or a copy of an array the expected value is computed from
/// (the input X of dL/dX, U of V = lrelu(U)). Proportional credit counts only what an answer gets
/// right beyond it (see <see cref="ArrayComparison.Fraction"/>).
/// </summary>
internal static class NoWorkBaseline
{
    /// <summary>The baseline of a numeric item whose expected value came from <paramref name="source"/> under <paramref name="scope"/>.</summary>
    public static int Of(NdArray expected, Tolerance tolerance, ExpectedValue source, Scope scope)
    {
        int best = MostFrequentCount(expected.Data);
        if (source is not ExpectedValue.Computed computed) return best;
        foreach (var name in computed.Expression.FreeVariables())
            if (scope.TryGet(name, out var value) && value is Value.Tensor { Array: var input }
                && ArrayComparison.Compare(expected, input, tolerance, "") is { ShapeMatches: true } copy)
                best = Math.Max(best, copy.RightEntries);
        return best;
    }

    /// <summary>How often the most frequent value occurs: what the best constant answer gets right.</summary>
    public static int MostFrequentCount<T>(IEnumerable<T> values) where T : notnull
    {
        var counts = new Dictionary<T, int>();
        int best = 0;
        foreach (var value in values)
        {
            int count = counts[value] = counts.GetValueOrDefault(value) + 1;
            best = Math.Max(best, count);
        }
        return best;
    }
}
