using System.Globalization;
using System.Text;

namespace Grader.Core.Expressions;

internal static class ExprPrinter
{
    public static string Print(Expr expr)
    {
        var sb = new StringBuilder();
        Append(sb, expr);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, Expr expr)
    {
        switch (expr)
        {
            case Expr.Number n:
                sb.Append(n.Value.ToString("R", CultureInfo.InvariantCulture));
                break;
            case Expr.Identifier id:
                sb.Append(id.Name);
                break;
            case Expr.Text t:
                char quote = t.Content.Contains('"') ? '\'' : '"';
                sb.Append(quote).Append(t.Content).Append(quote);
                break;
            case Expr.Unary u:
                sb.Append('(').Append(u.Operator.Symbol());
                Append(sb, u.Operand);
                sb.Append(')');
                break;
            case Expr.Binary b:
                sb.Append('(');
                Append(sb, b.Left);
                sb.Append(' ').Append(b.Operator.Symbol()).Append(' ');
                Append(sb, b.Right);
                sb.Append(')');
                break;
            case Expr.Transpose t:
                sb.Append('(');
                Append(sb, t.Operand);
                sb.Append("')");
                break;
            case Expr.Call c:
                sb.Append(c.Name).Append('(');
                AppendList(sb, c.Arguments);
                foreach (var named in c.NamedArguments)
                {
                    if (sb[^1] != '(') sb.Append(", ");
                    sb.Append(named.Name).Append('=');
                    Append(sb, named.Value);
                }
                sb.Append(')');
                break;
            case Expr.Index i:
                Append(sb, i.Target);
                sb.Append('[');
                AppendList(sb, i.Indices);
                sb.Append(']');
                break;
            case Expr.ArrayLiteral a:
                sb.Append('[');
                AppendList(sb, a.Elements);
                sb.Append(']');
                break;
            case Expr.Sum s:
                sb.Append("(sum_{").Append(s.IndexName).Append(" = ");
                Append(sb, s.From);
                sb.Append("}^{");
                Append(sb, s.To);
                sb.Append("} (");
                Append(sb, s.Body);
                sb.Append("))");
                break;
            default:
                sb.Append(expr.GetType().Name);
                break;
        }
    }

    private static void AppendList(StringBuilder sb, IReadOnlyList<Expr> items)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            Append(sb, items[i]);
        }
    }
}
