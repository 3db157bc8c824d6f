using Grader.Core.Expressions;
using Grader.Core.Expressions.Builtins;

namespace Grader.Core.Rubrics;

/// <summary>
/// A formula item's expected formula as people read it, not as the rubric computes it: every part
/// that depends on the rubric's inputs alone is replaced by its value, and the formula is written
/// with only the parentheses it needs. <c>alpha0*Ud[1,2]</c> with <c>Ud = [[2, -4], [-1, 3]]</c>
/// reads <c>-4*alpha0</c>. Per-student variants stay named (their values differ per student).
/// </summary>
public static class ExpectedFormulaText
{
    public static string Of(FormulaCheck check, Rubric rubric)
    {
        var scope = rubric.Inputs.Aggregate(Scope.Empty, (s, input) => s.With(input.Key, input.Value));
        var cells = check.ExpectedCells.Select(cell => Print(Fold(cell, scope))).ToList();
        if (!check.IsGrid) return cells[0];
        var shape = check.CellShape;
        if (shape.Count != 2) return "[" + string.Join(", ", cells) + "]";
        var rows = Enumerable.Range(0, shape[0]).Select(r => "[" + string.Join(", ", cells.Skip(r * shape[1]).Take(shape[1])) + "]");
        return "[" + string.Join(", ", rows) + "]";
    }

    /// <summary>The expression with each largest part whose names are all inputs replaced by its (scalar) value.</summary>
    public static Expr Fold(Expr expr, Scope inputs)
    {
        if (expr is Expr.Number or Expr.Text) return expr;
        var names = expr.FreeVariables();
        if (names.All(inputs.Contains) && expr is not Expr.Identifier
            && ExpressionEvaluator.TryEvaluate(expr, inputs, StandardFunctions.Table, out var value, out _)
            && value is Value.Tensor { Array.IsScalar: true } tensor)
            return new Expr.Number(tensor.Array.ScalarValue, expr.Column);
        return expr switch
        {
            Expr.Identifier id when inputs.TryGet(id.Name, out var v) && v is Value.Tensor { Array.IsScalar: true } t
                => new Expr.Number(t.Array.ScalarValue, id.Column),
            Expr.Unary u => u with { Operand = Fold(u.Operand, inputs) },
            Expr.Binary b => b with { Left = Fold(b.Left, inputs), Right = Fold(b.Right, inputs) },
            Expr.Transpose t => t with { Operand = Fold(t.Operand, inputs) },
            Expr.Call c => c with { Arguments = [.. c.Arguments.Select(a => Fold(a, inputs))] },
            Expr.Index i => i with { Indices = [.. i.Indices.Select(x => Fold(x, inputs))] },
            Expr.ArrayLiteral a => a with { Elements = [.. a.Elements.Select(e => Fold(e, inputs))] },
            _ => expr,
        };
    }

    /// <summary>The formula with the parentheses its operators' precedence needs, numbers first in a product.</summary>
    public static string Print(Expr expr)
    {
        return ExprPrinter.PrintReadable(Tidy(expr));
    }

    /// <summary>
    /// The same value written the usual way, bottom up: 2*alpha for alpha*2, alpha for 1*alpha,
    /// -alpha for -1*alpha, a - b for a + -b.
    /// </summary>
    private static Expr Tidy(Expr expr)
    {
        expr = expr switch
        {
            Expr.Unary u => u with { Operand = Tidy(u.Operand) },
            Expr.Binary b => b with { Left = Tidy(b.Left), Right = Tidy(b.Right) },
            Expr.Transpose t => t with { Operand = Tidy(t.Operand) },
            Expr.Call c => c with { Arguments = [.. c.Arguments.Select(Tidy)] },
            Expr.Index i => i with { Indices = [.. i.Indices.Select(Tidy)] },
            Expr.ArrayLiteral a => a with { Elements = [.. a.Elements.Select(Tidy)] },
            _ => expr,
        };
        if (expr is Expr.Binary { Operator: BinaryOperator.Multiply, Left: not Expr.Number, Right: Expr.Number } swapped)
            expr = swapped with { Left = swapped.Right, Right = swapped.Left };
        if (expr is Expr.Binary { Operator: BinaryOperator.Multiply, Left: Expr.Number { Value: 1 or -1 } unit } product)
            expr = unit.Value == 1 ? product.Right : new Expr.Unary(UnaryOperator.Negate, product.Right, product.Column);
        if (expr is Expr.Binary { Operator: BinaryOperator.Add or BinaryOperator.Subtract } sum && Negated(sum.Right) is { } positive)
            expr = sum with { Operator = sum.Operator == BinaryOperator.Add ? BinaryOperator.Subtract : BinaryOperator.Add, Right = positive };
        return expr;
    }

    /// <summary>x for -x, 4 for -4, 4*x for -4*x; null for a term that is not negated.</summary>
    private static Expr? Negated(Expr term) => term switch
    {
        Expr.Unary { Operator: UnaryOperator.Negate } u => u.Operand,
        Expr.Number { Value: < 0 } n => n with { Value = -n.Value },
        Expr.Binary { Operator: BinaryOperator.Multiply or BinaryOperator.Divide, Left: Expr.Number { Value: < 0 } n } b
            => b with { Left = n with { Value = -n.Value } },
        _ => null,
    };
}
