namespace Grader.Core.Expressions;

internal static class ExprWalker
{
    /// <summary>The bare <c>T</c> exponent that makes <c>X^T</c> a transpose.</summary>
    public static bool IsTransposeMark(Expr exponent) => exponent is Expr.Identifier { Name: "T" };

    /// <summary>Free identifiers in text order: a sum's index is bound inside its body, so it is no reference there.</summary>
    public static List<Expr.Identifier> VariableReferences(Expr root)
    {
        var found = new List<Expr.Identifier>();
        new Walker(null, found).Walk(root);
        return found;
    }

    public static List<Expr.Call> Calls(Expr root)
    {
        var found = new List<Expr.Call>();
        new Walker(node =>
        {
            if (node is Expr.Call call) found.Add(call);
        }, null).Walk(root);
        return found;
    }

    /// <summary>Pre-order, left to right, so leaves come out in text order; allocates nothing per node.</summary>
    private sealed class Walker(Action<Expr>? onNode, List<Expr.Identifier>? identifiers)
    {
        private HashSet<string>? _bound;

        public void Walk(Expr node)
        {
            onNode?.Invoke(node);
            switch (node)
            {
                case Expr.Identifier id:
                    if (identifiers is not null && _bound?.Contains(id.Name) != true) identifiers.Add(id);
                    break;
                case Expr.Unary u:
                    Walk(u.Operand);
                    break;
                case Expr.Binary { Operator: BinaryOperator.Power } b when IsTransposeMark(b.Right):
                    Walk(b.Left);
                    break;
                case Expr.Binary b:
                    Walk(b.Left);
                    Walk(b.Right);
                    break;
                case Expr.Transpose t:
                    Walk(t.Operand);
                    break;
                case Expr.Call c:
                    foreach (var a in c.Arguments) Walk(a);
                    foreach (var n in c.NamedArguments) Walk(n.Value);
                    break;
                case Expr.Index i:
                    Walk(i.Target);
                    foreach (var a in i.Indices) Walk(a);
                    break;
                case Expr.ArrayLiteral a:
                    foreach (var e in a.Elements) Walk(e);
                    break;
                case Expr.Sum s:
                    Walk(s.From);
                    Walk(s.To);
                    var outer = _bound;
                    _bound = new HashSet<string>(outer ?? [], StringComparer.Ordinal) { s.IndexName };
                    Walk(s.Body);
                    _bound = outer;
                    break;
            }
        }
    }
}
