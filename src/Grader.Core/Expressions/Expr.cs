namespace Grader.Core.Expressions;

/// <summary>
/// A parsed formula. Every node carries the 1-based column where it starts (operators: the column
/// of the operator) so that evaluation errors can point into the student's text.
/// Node lists compare by reference; compare trees with <see cref="ToString"/>.
/// </summary>
public abstract record Expr(int Column)
{
    public sealed record Number(double Value, int Column) : Expr(Column);

    public sealed record Identifier(string Name, int Column) : Expr(Column);

    public sealed record Text(string Content, int Column) : Expr(Column);

    public sealed record Unary(UnaryOperator Operator, Expr Operand, int Column) : Expr(Column);

    public sealed record Binary(BinaryOperator Operator, Expr Left, Expr Right, int Column) : Expr(Column);

    /// <summary>Postfix transpose: <c>X'</c> or <c>Xᵀ</c>.</summary>
    public sealed record Transpose(Expr Operand, int Column) : Expr(Column);

    /// <summary>
    /// <c>name(args)</c>. Whether this is a call or a variable times a parenthesised group
    /// (<c>n(n+1)</c>) depends on the scope, so the evaluator decides.
    /// </summary>
    public sealed record Call(
        string Name,
        IReadOnlyList<Expr> Arguments,
        IReadOnlyList<NamedArgument> NamedArguments,
        int Column) : Expr(Column);

    /// <summary>1-based indexing: <c>x[i]</c>, <c>X[i, j]</c>.</summary>
    public sealed record Index(Expr Target, IReadOnlyList<Expr> Indices, int Column) : Expr(Column);

    /// <summary>
    /// <c>[a, b, c]</c>: the elements stacked along a new leading axis. MATLAB rows
    /// <c>[1, 2; 3, 4]</c> parse as an array literal of row literals.
    /// </summary>
    public sealed record ArrayLiteral(IReadOnlyList<Expr> Elements, int Column) : Expr(Column);

    /// <summary><c>\sum_{k=from}^{to} body</c>: body evaluated with the whole number k bound, added up.</summary>
    public sealed record Sum(string IndexName, Expr From, Expr To, Expr Body, int Column) : Expr(Column);

    /// <summary>Identifiers used as variables (not as function names, not the T of <c>X^T</c>), in order of first use.</summary>
    public IReadOnlyList<string> FreeVariables() =>
        ExprWalker.VariableReferences(this).Select(r => r.Name).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Every identifier used as a variable, with its column, in text order.</summary>
    public IReadOnlyList<Identifier> VariableReferences() => ExprWalker.VariableReferences(this).ToList();

    /// <summary>Every call node, outermost first.</summary>
    public IReadOnlyList<Call> Calls() => ExprWalker.Calls(this).ToList();

    /// <summary>Canonical, fully parenthesised form, e.g. <c>((2 * n) + 1)</c>. Parses back to the same tree.</summary>
    public sealed override string ToString() => ExprPrinter.Print(this);
}

public sealed record NamedArgument(string Name, Expr Value, int Column);
