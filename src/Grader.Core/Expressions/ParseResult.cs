using System.Diagnostics.CodeAnalysis;

namespace Grader.Core.Expressions;

/// <summary>Either the parsed <see cref="Expression"/> or the <see cref="Error"/>, never both.</summary>
public sealed record ParseResult
{
    private ParseResult(Expr? expression, ParseError? error)
    {
        Expression = expression;
        Error = error;
    }

    public Expr? Expression { get; }
    public ParseError? Error { get; }

    [MemberNotNullWhen(true, nameof(Expression))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Expression is not null;

    public static ParseResult Success(Expr expression) => new(expression, null);

    public static ParseResult Failure(ParseError error) => new(null, error);

    public static ParseResult Failure(int column, string message) => new(null, new ParseError(column, message));

    /// <summary>For text that must be valid (rubric files, tests): the expression, or a <see cref="FormatException"/>.</summary>
    public Expr GetExpressionOrThrow() =>
        Succeeded ? Expression : throw new FormatException(Error.Message);

    public override string ToString() => Succeeded ? Expression.ToString() : "error: " + Error.Message;
}
