namespace Grader.Core.Expressions;

/// <summary>Reads formulas written by students and rubric authors. See <see cref="Parser"/> for the grammar.</summary>
public static class ExpressionParser
{
    public const int MaxLength = 4000;
    public const int MaxDepth = 64;
    public const int MaxNodes = 5000;

    /// <summary>
    /// Parses <paramref name="text"/>. Never throws: any problem comes back as a <see cref="ParseError"/>.
    /// With a <paramref name="notation"/> (student formulas), paper notation that depends on the
    /// declared names is read too (see <see cref="Notation"/>).
    /// </summary>
    public static ParseResult Parse(string? text, Notation? notation = null)
    {
        if (text is null || string.IsNullOrWhiteSpace(text))
            return ParseResult.Failure(1, "the expression is empty");
        if (text.Length > MaxLength)
            return ParseResult.Failure(MaxLength + 1,
                $"the expression is too long ({text.Length} characters; at most {MaxLength})");
        try
        {
            var tokens = Lexer.Tokenize(text);
            if (notation is not null) tokens = NotationRewriter.Rewrite(tokens, notation);
            return ParseResult.Success(new Parser(tokens, notation).ParseAll());
        }
        catch (ExpressionSyntaxException e)
        {
            return ParseResult.Failure(e.Column, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug here must not take down grading: the student just gets a generic message.
            return ParseResult.Failure(1, "the expression could not be read");
        }
    }

    /// <summary>For text that must be valid (rubric files, tests); throws <see cref="FormatException"/> otherwise.</summary>
    public static Expr ParseOrThrow(string text) => Parse(text).GetExpressionOrThrow();
}
