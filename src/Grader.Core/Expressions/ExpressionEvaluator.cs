using System.Diagnostics.CodeAnalysis;
using Grader.Core.Numerics;

namespace Grader.Core.Expressions;

/// <summary>Evaluates parsed formulas against variable bindings and a function table.</summary>
public static class ExpressionEvaluator
{
    /// <summary>
    /// Evaluates <paramref name="expr"/>. Throws <see cref="EvaluationException"/>, its message ending
    /// "at column N", for anything the student can get wrong: unknown names, shape mismatches,
    /// singular matrices, a spent budget (a fresh default budget when none is given).
    /// </summary>
    public static Value Evaluate(Expr expr, Scope scope, FunctionTable functions, EvaluationBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(functions);
        var value = new Evaluator(scope, functions, budget ?? new EvaluationBudget()).Eval(expr);
        if (value is Value.Identity)
            throw new EvaluationException("I needs a matrix to take its size from", expr.Column);
        return value;
    }

    /// <summary>
    /// Evaluates <paramref name="expr"/> once per entry of an array of <paramref name="shape"/>,
    /// with <paramref name="indices"/> bound to the entry's 1-based position, into that array:
    /// a formula written entry by entry (<c>yhat_i*(delta_ij - yhat_j)</c>). Every entry must be a number.
    /// </summary>
    public static NdArray EvaluateEntries(Expr expr, Scope scope, FunctionTable functions, IReadOnlyList<string> indices,
        int[] shape, EvaluationBudget? budget = null)
    {
        if (shape.Length != indices.Count)
            throw new EvaluationException(
                $"the formula is written entry by entry in {string.Join(", ", indices)}, but the answer is {Shapes.Describe(shape)}");
        var evaluator = new Evaluator(scope, functions, budget ?? new EvaluationBudget());
        int count = shape.Aggregate(1, (a, b) => a * b);
        var data = new double[count];
        var position = new int[shape.Length];
        try
        {
            for (int flat = 0; flat < count; flat++)
            {
                for (int d = 0; d < shape.Length; d++) evaluator.Bind(indices[d], position[d] + 1);
                if (ValueNormalizer.Normalize(evaluator.Eval(expr)) is not Value.Tensor { Array.Length: 1 } number)
                    throw new EvaluationException(
                        $"the entry ({string.Join(", ", position.Select(p => p + 1))}) is not a single number", expr.Column);
                data[flat] = number.Array.Data[0];
                for (int d = shape.Length - 1; d >= 0 && ++position[d] == shape[d]; d--) position[d] = 0;
            }
        }
        finally
        {
            foreach (var index in indices) evaluator.Unbind(index);
        }
        return new NdArray(shape, data);
    }

    /// <summary>Like <see cref="Evaluate"/> but never throws; <paramref name="error"/> is empty on success.</summary>
    public static bool TryEvaluate(
        Expr expr,
        Scope scope,
        FunctionTable functions,
        [NotNullWhen(true)] out Value? value,
        out string error,
        EvaluationBudget? budget = null)
    {
        try
        {
            value = Evaluate(expr, scope, functions, budget);
            error = "";
            return true;
        }
        catch (EvaluationException e)
        {
            error = e.Message;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only a bug in a built-in gets here; report it without crashing the grading run.
            error = $"the expression could not be evaluated: {e.Message}";
        }
        value = null;
        return false;
    }
}
