namespace Grader.Core.Expressions;

internal static class ExprWalker
{
    /// <summary>The bare <c>T</c> exponent that makes <c>X^T</c> a transpose.</summary>
    public static bool IsTransposeMark(Expr exponent) => exponent is Expr.Identifier { Name: "T" };

    /// <summary>Free identifiers: a sum's index is bound inside its body, so it is no reference there.</summary>
    public static List<Expr.Identifier> VariableReferences(Expr root)
    {
        var found = new List<Expr.Identifier>();
        Collect(root, [], found);
        return found;
    }

    private static void Collect(Expr node, HashSet<string> bound, List<Expr.Identifier> found)
    {
        switch (node)
        {
            case Expr.Identifier id:
                if (!bound.Contains(id.Name)) found.Add(id);
                return;
            case Expr.Sum sum:
                Collect(sum.From, bound, found);
                Collect(sum.To, bound, found);
                Collect(sum.Body, new HashSet<string>(bound) { sum.IndexName }, found);
                return;
        }
        foreach (var child in Children(node)) Collect(child, bound, found);
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
        foreach (var child in Children(node)) Visit(child, action);
    }

    private static IEnumerable<Expr> Children(Expr node) => node switch
    {
        Expr.Unary u => [u.Operand],
        Expr.Binary { Operator: BinaryOperator.Power } b when IsTransposeMark(b.Right) => [b.Left],
        Expr.Binary b => [b.Left, b.Right],
        Expr.Transpose t => [t.Operand],
        Expr.Call c => [.. c.Arguments, .. c.NamedArguments.Select(n => n.Value)],
        Expr.Index i => [i.Target, .. i.Indices],
        Expr.ArrayLiteral a => a.Elements,
        Expr.Sum s => [s.From, s.To, s.Body],
        _ => [],
    };
}
