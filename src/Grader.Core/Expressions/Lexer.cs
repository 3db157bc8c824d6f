using System.Globalization;
using System.Text;

namespace Grader.Core.Expressions;

/// <summary>
/// Turns formula text into tokens. Accepts the notations students paste from LaTeX, MATLAB,
/// NumPy and word processors (<c>\cdot</c>, <c>X'</c>, <c>**</c>, <c>−</c>, <c>Xᵀ</c>, <c>x²</c>) so
/// that the parser only sees one vocabulary.
/// </summary>
internal sealed class Lexer
{
    private readonly string _text;
    private readonly List<Token> _tokens = [];
    private int _pos;

    private Lexer(string text) => _text = text;

    /// <exception cref="ExpressionSyntaxException">on a character or literal that cannot be read.</exception>
    public static List<Token> Tokenize(string text)
    {
        var lexer = new Lexer(text);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (char.IsWhiteSpace(c)) { _pos++; continue; }
            if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1)))) { ReadNumber(); continue; }
            if (c == '_' && PreviousTakesSubscript()) { Emit(TokenKind.Subscript, "_", 1); continue; }
            if (IsIdentifierStart(c)) { ReadIdentifier(latex: false); continue; }
            if (c == '\\') { ReadBackslash(); continue; }
            if (c == '\'' && PreviousEndsOperand()) { Emit(TokenKind.Transpose, "'", 1); continue; }
            if (c is '\'' or '"') { ReadString(c); continue; }
            if (IsSuperscript(c)) { ReadSuperscript(); continue; }
            ReadOperator(c);
        }
        _tokens.Add(new Token(TokenKind.End, "end of the expression", _text.Length + 1));
    }

    private char Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private void Emit(TokenKind kind, string text, int length)
    {
        _tokens.Add(new Token(kind, text, _pos + 1));
        _pos += length;
    }

    // A quote right after an operand is MATLAB's transpose; anywhere else it opens a string.
    private bool PreviousEndsOperand() => _tokens.Count > 0 && _tokens[^1].Kind is
        TokenKind.Identifier or TokenKind.Number or TokenKind.RightParen or TokenKind.RightBracket
        or TokenKind.RightBrace or TokenKind.Transpose;

    // "x_{i}", "||g||_2": an underscore right after an operand or closing bar starts a subscript.
    private bool PreviousTakesSubscript() => PreviousEndsOperand()
        || (_tokens.Count > 0 && _tokens[^1] is { Kind: TokenKind.Bar or TokenKind.DoubleBar or TokenKind.RightFloor or TokenKind.RightCeil }
            or { Kind: TokenKind.Or, Text: "||" });

    // ᵀ is a Unicode letter, but students paste it as the transpose mark.
    private static bool IsIdentifierStart(char c) => (char.IsLetter(c) || c == '_') && c != 'ᵀ';

    private static bool IsIdentifierPart(char c) => (char.IsLetterOrDigit(c) || c == '_') && c != 'ᵀ';

    private void ReadNumber()
    {
        int start = _pos;
        while (char.IsAsciiDigit(Peek(0))) _pos++;
        // "1.*x" is MATLAB's elementwise product, not "1." times x.
        if (Peek(0) == '.' && Peek(1) is not ('*' or '/' or '^'))
        {
            _pos++;
            while (char.IsAsciiDigit(Peek(0))) _pos++;
        }
        // Only a real exponent is consumed: "2e" is 2 times Euler's e, "2ex" is 2 times ex.
        if (Peek(0) is 'e' or 'E')
        {
            int digitsAt = Peek(1) is '+' or '-' ? 2 : 1;
            if (char.IsAsciiDigit(Peek(digitsAt)))
            {
                _pos += digitsAt;
                while (char.IsAsciiDigit(Peek(0))) _pos++;
            }
        }
        string text = _text[start.._pos];
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value))
            throw new ExpressionSyntaxException(start + 1, $"the number '{text}' at column {start + 1} is too large");
        _tokens.Add(new Token(TokenKind.Number, text, start + 1, value));
    }

    private void ReadIdentifier(bool latex)
    {
        int column = latex ? _pos : _pos + 1; // a LaTeX command's column is that of its backslash
        int start = _pos;
        // "W_{1,c,k}" is W subscripted, so the name stops before "_{".
        while (_pos < _text.Length && IsIdentifierPart(_text[_pos]) && !(_text[_pos] == '_' && Peek(1) == '{')) _pos++;
        string name = Hats(_text[start.._pos]);
        // "ŷ" typed as y followed by a combining circumflex.
        while (Peek(0) == CombiningCircumflex)
        {
            name += "hat";
            _pos++;
        }
        var kind = name switch
        {
            "and" => TokenKind.And,
            "or" => TokenKind.Or,
            "not" => TokenKind.Not,
            _ => TokenKind.Identifier,
        };
        _tokens.Add(new Token(kind, name, column, Latex: latex));
    }

    private const char CombiningCircumflex = '\u0302';

    // Letters with a circumflex and their bases (by table: the build runs with invariant globalization, without Unicode normalisation).
    private const string HattedLetters = "âêîôûŷĉĝĥĵŝŵẑÂÊÎÔÛŶĈĜĤĴŜŴẐ";
    private const string HatBases = "aeiouycghjswzAEIOUYCGHJSWZ";

    /// <summary>"ŷ" (or any letter with a circumflex) is written yhat: the name rubrics use.</summary>
    private static string Hats(string name)
    {
        if (name.All(char.IsAscii)) return name;
        var sb = new StringBuilder(name.Length + 3);
        foreach (char c in name)
        {
            int hatted = HattedLetters.IndexOf(c);
            if (hatted < 0) sb.Append(c);
            else sb.Append(HatBases[hatted]).Append("hat");
        }
        return sb.ToString();
    }

    private void ReadBackslash()
    {
        char next = Peek(1);
        if (next is ',' or ';' or ':' or '!' or ' ')
        {
            _pos += 2; // LaTeX spacing commands carry no meaning
            return;
        }
        if (next == '|')
        {
            Emit(TokenKind.DoubleBar, "\\|", 2);
            return;
        }
        if (!char.IsLetter(next))
            throw Unknown('\\');
        int column = _pos + 1;
        int start = _pos + 1;
        int end = start;
        while (end < _text.Length && char.IsAsciiLetter(_text[end])) end++;
        string command = _text[start..end];
        TokenKind? op = command switch
        {
            "cdot" or "times" or "ast" => TokenKind.Star,
            "div" => TokenKind.Slash,
            "le" or "leq" => TokenKind.LessEqual,
            "ge" or "geq" => TokenKind.GreaterEqual,
            "ne" or "neq" => TokenKind.NotEqual,
            "lt" => TokenKind.Less,
            "gt" => TokenKind.Greater,
            "land" or "wedge" => TokenKind.And,
            "lor" or "vee" => TokenKind.Or,
            "lnot" or "neg" => TokenKind.Not,
            "lfloor" => TokenKind.LeftFloor,
            "rfloor" => TokenKind.RightFloor,
            "lceil" => TokenKind.LeftCeil,
            "rceil" => TokenKind.RightCeil,
            "lvert" or "rvert" or "vert" or "mid" => TokenKind.Bar,
            "lVert" or "rVert" or "Vert" => TokenKind.DoubleBar,
            _ => null,
        };
        if (op is { } kind)
        {
            _tokens.Add(new Token(kind, "\\" + command, column));
            _pos = end;
            return;
        }
        if (command is "left" or "right" or "big" or "Big" or "bigg" or "Bigg" or "bigl" or "bigr" or "Bigl" or "Bigr")
        {
            _pos = end; // \left( and \right) size the bracket that follows; the bracket itself is read next
            return;
        }
        if (command is "hat" or "widehat" or "operatorname" or "mathrm" or "mathbf" or "mathit" or "mathsf"
            or "boldsymbol" or "bm" or "text" or "textrm" or "textit")
        {
            ReadDecoratedName(command, column, end);
            return;
        }
        if (command == "top")
        {
            _tokens.Add(new Token(TokenKind.Identifier, "T", column, Latex: true));
            _pos = end;
            return;
        }
        _pos++;
        ReadIdentifier(latex: true);
    }

    /// <summary>
    /// <c>\hat{y}</c> (or <c>\hat y</c>) is the name yhat; <c>\mathbf{X}</c>, <c>\operatorname{softmax}</c>
    /// and other font commands are just the name inside.
    /// </summary>
    private void ReadDecoratedName(string command, int column, int end)
    {
        int p = end;
        while (p < _text.Length && _text[p] == ' ') p++;
        string name;
        if (p < _text.Length && _text[p] == '{')
        {
            int close = _text.IndexOf('}', p + 1);
            if (close < 0)
                throw new ExpressionSyntaxException(column, $"missing '}}' after \\{command}{{ at column {column}");
            name = _text[(p + 1)..close].Trim();
            p = close + 1;
        }
        else
        {
            int start = p;
            while (p < _text.Length && char.IsLetter(_text[p]) && (p == start || command is not ("hat" or "widehat"))) p++;
            name = _text[start..p];
        }
        if (name.Length > 0 && name[0] == '\\') name = name[1..];
        if (name.Length == 0 || !IsIdentifierStart(name[0]) || !name.All(IsIdentifierPart))
            throw new ExpressionSyntaxException(column, $"\\{command} at column {column} needs a name, as in \\{command}{{y}}");
        _tokens.Add(new Token(TokenKind.Identifier, command is "hat" or "widehat" ? name + "hat" : name, column));
        _pos = p;
    }

    private void ReadString(char quote)
    {
        int start = _pos;
        int close = _text.IndexOf(quote, _pos + 1);
        if (close < 0)
            throw new ExpressionSyntaxException(start + 1,
                $"missing closing {quote} for the string started at column {start + 1}");
        _tokens.Add(new Token(TokenKind.String, _text[(start + 1)..close], start + 1));
        _pos = close + 1;
    }

    private static bool IsSuperscript(char c) => SuperscriptDigit(c) >= 0 || c == '⁻';

    private static int SuperscriptDigit(char c) => c switch
    {
        '⁰' => 0, '¹' => 1, '²' => 2, '³' => 3, '⁴' => 4,
        '⁵' => 5, '⁶' => 6, '⁷' => 7, '⁸' => 8, '⁹' => 9,
        _ => -1,
    };

    // x² and A⁻¹ read as x^2 and A^-1.
    private void ReadSuperscript()
    {
        int column = _pos + 1;
        bool negative = _text[_pos] == '⁻';
        int p = negative ? _pos + 1 : _pos;
        var digits = new StringBuilder();
        while (p < _text.Length && SuperscriptDigit(_text[p]) >= 0)
            digits.Append((char)('0' + SuperscriptDigit(_text[p++])));
        if (digits.Length == 0)
            throw Unknown(_text[_pos]);
        _tokens.Add(new Token(TokenKind.Caret, "^", column));
        if (negative) _tokens.Add(new Token(TokenKind.Minus, "-", column));
        string text = digits.ToString();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw new ExpressionSyntaxException(column, $"the exponent at column {column} is too large");
        _tokens.Add(new Token(TokenKind.Number, text, column, value));
        _pos = p;
    }

    private void ReadOperator(char c)
    {
        char next = Peek(1);
        switch (c)
        {
            case '+': Emit(TokenKind.Plus, "+", 1); break;
            case '-' or '−' or '–': Emit(TokenKind.Minus, "-", 1); break;
            case '*' when next == '*': Emit(TokenKind.Caret, "**", 2); break;
            case '*' or '·' or '×' or '⋅' or '∙': Emit(TokenKind.Star, c.ToString(), 1); break;
            case '/' or '÷': Emit(TokenKind.Slash, c.ToString(), 1); break;
            case '^': Emit(TokenKind.Caret, "^", 1); break;
            case '.' when next == '*': Emit(TokenKind.DotStar, ".*", 2); break;
            case '.' when next == '/': Emit(TokenKind.DotSlash, "./", 2); break;
            case '.' when next == '^': Emit(TokenKind.DotCaret, ".^", 2); break;
            case '@': Emit(TokenKind.At, "@", 1); break;
            case 'ᵀ': Emit(TokenKind.Transpose, "ᵀ", 1); break;
            case '⊤': _tokens.Add(new Token(TokenKind.Identifier, "T", _pos + 1)); _pos++; break;
            case '|' when next == '|': Emit(TokenKind.Or, "||", 2); break;
            case '|': Emit(TokenKind.Bar, "|", 1); break;
            case '‖': Emit(TokenKind.DoubleBar, "‖", 1); break;
            case '⌊': Emit(TokenKind.LeftFloor, "⌊", 1); break;
            case '⌋': Emit(TokenKind.RightFloor, "⌋", 1); break;
            case '⌈': Emit(TokenKind.LeftCeil, "⌈", 1); break;
            case '⌉': Emit(TokenKind.RightCeil, "⌉", 1); break;
            case '∑': _tokens.Add(new Token(TokenKind.Identifier, "sum", _pos + 1, Latex: true)); _pos++; break;
            case '(': Emit(TokenKind.LeftParen, "(", 1); break;
            case ')': Emit(TokenKind.RightParen, ")", 1); break;
            case '{': Emit(TokenKind.LeftBrace, "{", 1); break;
            case '}': Emit(TokenKind.RightBrace, "}", 1); break;
            case '[': Emit(TokenKind.LeftBracket, "[", 1); break;
            case ']': Emit(TokenKind.RightBracket, "]", 1); break;
            case ',': Emit(TokenKind.Comma, ",", 1); break;
            case ';': Emit(TokenKind.Semicolon, ";", 1); break;
            case '=' when next == '=': Emit(TokenKind.Equal, "==", 2); break;
            case '=': Emit(TokenKind.Assign, "=", 1); break;
            case '<' when next == '=': Emit(TokenKind.LessEqual, "<=", 2); break;
            case '<': Emit(TokenKind.Less, "<", 1); break;
            case '>' when next == '=': Emit(TokenKind.GreaterEqual, ">=", 2); break;
            case '>': Emit(TokenKind.Greater, ">", 1); break;
            case '≤': Emit(TokenKind.LessEqual, "≤", 1); break;
            case '≥': Emit(TokenKind.GreaterEqual, "≥", 1); break;
            case '≠': Emit(TokenKind.NotEqual, "≠", 1); break;
            case '!' when next == '=': Emit(TokenKind.NotEqual, "!=", 2); break;
            case '!' or '¬': Emit(TokenKind.Not, c.ToString(), 1); break;
            case '&' when next == '&': Emit(TokenKind.And, "&&", 2); break;
            case '∧': Emit(TokenKind.And, "∧", 1); break;
            case '∨': Emit(TokenKind.Or, "∨", 1); break;
            default: throw Unknown(c);
        }
    }

    private ExpressionSyntaxException Unknown(char c)
    {
        string shown = char.IsHighSurrogate(c) && char.IsLowSurrogate(Peek(1))
            ? _text.Substring(_pos, 2)
            : char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : c.ToString();
        return new ExpressionSyntaxException(_pos + 1, $"unknown character '{shown}' at column {_pos + 1}");
    }
}
