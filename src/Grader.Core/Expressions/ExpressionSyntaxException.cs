namespace Grader.Core.Expressions;

/// <summary>
/// Thrown inside the lexer and parser only, to unwind to <see cref="ExpressionParser.Parse"/>,
/// which turns it into a <see cref="ParseError"/>; callers of the parser never see it.
/// </summary>
internal sealed class ExpressionSyntaxException(int column, string message) : Exception(message)
{
    public int Column { get; } = column;
}
