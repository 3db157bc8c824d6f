using Grader.Core.Expressions;
using Grader.Core.Expressions.Builtins;
using Grader.Core.Numerics;
using Grader.Core.Rubrics;

namespace Grader.Core.Checking;

/// <summary>Turns an <see cref="ExpectedValue"/> into numbers under a given scope.</summary>
internal static class ExpectedValues
{
    public static NdArray? TryCompute(ExpectedValue expected, Scope scope, out string? error)
    {
        error = null;
        switch (expected)
        {
            case ExpectedValue.Literal literal:
                return literal.Value;
            case ExpectedValue.Computed computed:
                if (!ExpressionEvaluator.TryEvaluate(computed.Expression, scope, StandardFunctions.Table, out var value, out var message))
                {
                    error = message;
                    return null;
                }
                if (ValueNormalizer.Normalize(value) is Value.Tensor tensor) return tensor.Array;
                error = $"'{computed.Source}' does not evaluate to a number or array";
                return null;
            default:
                throw new InvalidOperationException($"unknown expected value {expected}");
        }
    }
}
