using System.Globalization;
using System.Text;
using Grader.Core.Numerics;

namespace Grader.Core.Expressions;

/// <summary>
/// Writes an expression back as text, in one of two styles. The canonical style (<see cref="Expr.ToString"/>)
/// parenthesises every operation and writes numbers so they round-trip, so equal trees print equally
/// and two prints can be compared. The readable style (what staff and students are shown) keeps only
/// the parentheses that operator precedence needs and writes numbers as the marks do.
/// </summary>
internal static class ExprPrinter
{
    public static string Print(Expr expr) => Write(expr, readable: false);

    public static string PrintReadable(Expr expr) => Write(expr, readable: true);

    private static string Write(Expr expr, bool readable)
    {
        var printer = new Printer(new StringBuilder(), readable);
        printer.Append(expr, 0);
        return printer.Text.ToString();
    }

    private static int Precedence(Expr expr) => expr switch
    {
        Expr.Binary { Operator: BinaryOperator.Add or BinaryOperator.Subtract } => 1,
        Expr.Binary { Operator: BinaryOperator.Power or BinaryOperator.ElementPower } => 4,
        Expr.Binary { Operator: BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.ElementMultiply
            or BinaryOperator.ElementDivide or BinaryOperator.MatrixMultiply } => 2,
        Expr.Binary => 0,
        Expr.Unary => 3,
        Expr.Number n when n.Value < 0 => 3,
        _ => 5,
    };

    private static bool IsPower(BinaryOperator op) => op is BinaryOperator.Power or BinaryOperator.ElementPower;

    /// <param name="outer">The precedence the surrounding operator needs; the readable style wraps what binds looser.</param>
    private readonly record struct Printer(StringBuilder Text, bool Readable)
    {
        public void Append(Expr expr, int outer)
        {
            bool wrap = Readable ? Precedence(expr) < outer : expr is Expr.Unary or Expr.Binary or Expr.Transpose or Expr.Sum;
            if (wrap) Text.Append('(');
            switch (expr)
            {
                case Expr.Number n:
                    Text.Append(Readable ? NdArrayFormatter.FormatNumber(n.Value) : n.Value.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case Expr.Identifier id:
                    Text.Append(id.Name);
                    break;
                case Expr.Text t:
                    char quote = t.Content.Contains('"') ? '\'' : '"';
                    Text.Append(quote).Append(t.Content).Append(quote);
                    break;
                case Expr.Unary u:
                    Text.Append(u.Operator.Symbol());
                    Append(u.Operand, 4);
                    break;
                case Expr.Binary b:
                {
                    int own = Precedence(b);
                    bool spaced = !Readable || own <= 1;
                    Append(b.Left, IsPower(b.Operator) ? own + 1 : own);
                    Text.Append(spaced ? $" {b.Operator.Symbol()} " : b.Operator.Symbol());
                    // Left-associative: a - (b - c) and a / (b * c) keep their parentheses, and so does a - (-4).
                    Append(b.Right, b.Right is Expr.Number { Value: < 0 } ? 4 : IsPower(b.Operator) ? own : own + 1);
                    break;
                }
                case Expr.Transpose t:
                    Append(t.Operand, 5);
                    Text.Append('\'');
                    break;
                case Expr.Call c:
                    Text.Append(c.Name).Append('(');
                    AppendList(c.Arguments);
                    foreach (var named in c.NamedArguments)
                    {
                        if (Text[^1] != '(') Text.Append(", ");
                        Text.Append(named.Name).Append('=');
                        Append(named.Value, 0);
                    }
                    Text.Append(')');
                    break;
                case Expr.Index i:
                    Append(i.Target, 5);
                    Text.Append('[');
                    AppendList(i.Indices);
                    Text.Append(']');
                    break;
                case Expr.ArrayLiteral a:
                    Text.Append('[');
                    AppendList(a.Elements);
                    Text.Append(']');
                    break;
                case Expr.Sum s:
                    Text.Append("sum_{").Append(s.IndexName).Append(" = ");
                    Append(s.From, 0);
                    Text.Append("}^{");
                    Append(s.To, 0);
                    Text.Append("} (");
                    Append(s.Body, 0);
                    Text.Append(')');
                    break;
                default:
                    Text.Append(expr.GetType().Name);
                    break;
            }
            if (wrap) Text.Append(')');
        }

        private void AppendList(IReadOnlyList<Expr> items)
        {
            for (int i = 0; i < items.Count; i++)
            {
                if (i > 0) Text.Append(", ");
                Append(items[i], 0);
            }
        }
    }
}
