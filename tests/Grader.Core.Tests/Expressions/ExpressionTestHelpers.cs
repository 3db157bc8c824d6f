using Grader.Core.Expressions;
using Grader.Core.Expressions.Builtins;
using Grader.Core.Numerics;

namespace Grader.Core.Tests.Expressions;

internal static class ExpressionTestHelpers
{
    public static FunctionTable MathFunctions { get; } = new FunctionTable().AddMathBuiltins();

    public static Expr Parse(string text) => ExpressionParser.ParseOrThrow(text);

    /// <summary>The canonical, fully parenthesised form of <paramref name="text"/>.</summary>
    public static string Canonical(string text) => Parse(text).ToString();

    public static ParseError ParseError(string text)
    {
        var result = ExpressionParser.Parse(text);
        Assert.False(result.Succeeded, $"expected a parse error for: {text}, got {result}");
        return result.Error!;
    }

    public static Value EvalValue(string text, Scope? scope = null, FunctionTable? functions = null, EvaluationBudget? budget = null) =>
        ExpressionEvaluator.Evaluate(Parse(text), scope ?? Scope.Empty, functions ?? MathFunctions, budget);

    public static NdArray Eval(string text, Scope? scope = null, FunctionTable? functions = null) =>
        Assert.IsType<Value.Tensor>(EvalValue(text, scope, functions)).Array;

    public static double EvalScalar(string text, Scope? scope = null, FunctionTable? functions = null)
    {
        var result = Eval(text, scope, functions);
        Assert.Equal(1, result.Length);
        return result.Data[0];
    }

    public static EvaluationException EvalError(string text, Scope? scope = null, FunctionTable? functions = null, EvaluationBudget? budget = null) =>
        Assert.Throws<EvaluationException>(() => EvalValue(text, scope, functions, budget));

    public static NdArray M(double[,] values) => NdArray.Matrix(values);

    public static NdArray V(params double[] values) => NdArray.Vector(values);

    public static void AssertArray(NdArray expected, NdArray actual, double tolerance = 1e-12)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(System.Math.Abs(expected.Data[i] - actual.Data[i]) <= tolerance,
                $"entry {i}: expected {expected.Data[i]}, got {actual.Data[i]} (whole: expected {expected}, got {actual})");
    }
}
