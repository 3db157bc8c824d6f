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
    /// <summary><c>|</c>: absolute value bars.</summary>
    Bar,
    /// <summary><c>‖</c>, <c>\|</c>, <c>\Vert</c>: norm bars (<c>||</c> is read as <see cref="Or"/> and the parser decides).</summary>
    DoubleBar,
    LeftFloor,
    RightFloor,
    LeftCeil,
    RightCeil,
    /// <summary><c>_</c> after an operand: <c>W_{1,c,k}</c>, <c>||g||_2</c>, <c>\sum_{k=1}</c>.</summary>
    Subscript,
    End,
}

/// <summary>
/// One lexical unit. <see cref="Text"/> is what messages quote back to the student;
/// <see cref="Latex"/> marks identifiers written with a leading backslash (<c>\frac</c>, <c>\sqrt</c>),
/// which the parser lets take brace-group arguments.
/// </summary>
public readonly record struct Token(TokenKind Kind, string Text, int Column, double Number = 0, bool Latex = false);
