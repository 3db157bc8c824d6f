using System.Diagnostics.CodeAnalysis;

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
