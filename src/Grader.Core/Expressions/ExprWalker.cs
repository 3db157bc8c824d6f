namespace Grader.Core.Expressions;

internal static class ExprWalker
{
    /// <summary>The bare <c>T</c> exponent that makes <c>X^T</c> a transpose.</summary>
    public static bool IsTransposeMark(Expr exponent) => exponent is Expr.Identifier { Name: "T" };

    public static List<Expr.Identifier> VariableReferences(Expr root)
    {
        var found = new List<Expr.Identifier>();
        Visit(root, node =>
        {
            if (node is Expr.Identifier id) found.Add(id);
        });
        return found;
    }

    public static List<Expr.Call> Calls(Expr root)
    {
        var found = new List<Expr.Call>();
        Visit(root, node =>
        {
            if (node is Expr.Call call) found.Add(call);
        });
        return found;
    }

    // Pre-order, left to right, so leaves come out in text order.
    private static void Visit(Expr node, Action<Expr> action)
    {
        action(node);
        switch (node)
        {
            case Expr.Unary u:
                Visit(u.Operand, action);
                break;
            case Expr.Binary { Operator: BinaryOperator.Power } b when IsTransposeMark(b.Right):
                Visit(b.Left, action);
                break;
            case Expr.Binary b:
                Visit(b.Left, action);
                Visit(b.Right, action);
                break;
            case Expr.Transpose t:
                Visit(t.Operand, action);
                break;
            case Expr.Call c:
                foreach (var a in c.Arguments) Visit(a, action);
                foreach (var n in c.NamedArguments) Visit(n.Value, action);
                break;
            case Expr.Index i:
                Visit(i.Target, action);
                foreach (var a in i.Indices) Visit(a, action);
                break;
            case Expr.ArrayLiteral a:
                foreach (var e in a.Elements) Visit(e, action);
                break;
        }
    }
}
