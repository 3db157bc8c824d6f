namespace Grader.Core.Expressions;

public enum TokenKind
{
    Number,
    Identifier,
    String,
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    DotStar,
    DotSlash,
    DotCaret,
    At,
    Transpose,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Semicolon,
    Assign,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Equal,
    NotEqual,
    And,
    Or,
    Not,
    End,
}

/// <summary>
/// One lexical unit. <see cref="Text"/> is what messages quote back to the student;
/// <see cref="Latex"/> marks identifiers written with a leading backslash (<c>\frac</c>, <c>\sqrt</c>),
/// which the parser lets take brace-group arguments.
/// </summary>
public readonly record struct Token(TokenKind Kind, string Text, int Column, double Number = 0, bool Latex = false);
