namespace Grader.Core.Expressions;

/// <summary>
/// Recursive descent over the token list. Precedence, lowest first:
/// <c>or</c>; <c>and</c>; <c>not</c>; comparisons (chained as in Python: <c>a &lt; b &lt;= c</c>);
/// <c>+ -</c>; <c>* / .* ./ @</c> and juxtaposition; unary <c>+ -</c>; <c>^ .^</c> (right associative);
/// postfix <c>'</c>, indexing and subscripts; primaries. Paper notation is read too: <c>|x|</c>,
/// <c>||g||_2</c>, <c>⌊x⌋</c>, <c>\sum_{k=1}^{n} body</c> (the body is the product that follows).
/// With a <see cref="Notation"/> (student formulas), a function the notation knows may also be
/// applied without parentheses: <c>log 0.2</c>.
/// </summary>
internal sealed partial class Parser(List<Token> tokens, Notation? notation = null)
{
    private int _pos;
    private int _depth;
    private int _nodes;
    private int _absDepth;
    private int _normDepth;

    private Token Current => tokens[_pos];

    private Token Peek(int ahead) => tokens[Math.Min(_pos + ahead, tokens.Count - 1)];

    private Token Advance()
    {
        var token = tokens[_pos];
        if (_pos < tokens.Count - 1) _pos++;
        return token;
    }

    public Expr ParseAll()
    {
        if (Current.Kind == TokenKind.End)
            throw Error(1, "the expression is empty");
        var expr = ParseExpression();
        if (Current.Kind != TokenKind.End)
            throw Unexpected(Current);
        return expr;
    }

    private Expr ParseExpression() => ParseOr();

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind == TokenKind.Or && !(_normDepth > 0 && IsNormBar(Current)))
        {
            var op = Advance();
            left = Node(new Expr.Binary(BinaryOperator.Or, left, ParseAnd(), op.Column));
        }
        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (Current.Kind == TokenKind.And)
        {
            var op = Advance();
            left = Node(new Expr.Binary(BinaryOperator.And, left, ParseNot(), op.Column));
        }
        return left;
    }

    private Expr ParseNot()
    {
        if (Current.Kind != TokenKind.Not)
            return ParseComparison();
        var op = Advance();
        Enter(op);
        var operand = ParseNot();
        Leave();
        return Node(new Expr.Unary(UnaryOperator.Not, operand, op.Column));
    }

    private Expr ParseComparison()
    {
        var left = ParseAdditive();
        Expr? chain = null;
        while (ComparisonOperator(Current.Kind) is { } comparison)
        {
            var op = Advance();
            var right = ParseAdditive();
            var test = Node(new Expr.Binary(comparison, left, right, op.Column));
            chain = chain is null ? test : Node(new Expr.Binary(BinaryOperator.And, chain, test, op.Column));
            left = right;
        }
        return chain ?? left;
    }

    private static BinaryOperator? ComparisonOperator(TokenKind kind) => kind switch
    {
        TokenKind.Less => BinaryOperator.Less,
        TokenKind.LessEqual => BinaryOperator.LessOrEqual,
        TokenKind.Greater => BinaryOperator.Greater,
        TokenKind.GreaterEqual => BinaryOperator.GreaterOrEqual,
        TokenKind.Equal => BinaryOperator.Equal,
        TokenKind.NotEqual => BinaryOperator.NotEqual,
        _ => null,
    };

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var kind = op.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract;
            left = Node(new Expr.Binary(kind, left, ParseMultiplicative(), op.Column));
        }
        return left;
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (true)
        {
            BinaryOperator? explicitOp = Current.Kind switch
            {
                TokenKind.Star => BinaryOperator.Multiply,
                TokenKind.Slash => BinaryOperator.Divide,
                TokenKind.DotStar => BinaryOperator.ElementMultiply,
                TokenKind.DotSlash => BinaryOperator.ElementDivide,
                TokenKind.At => BinaryOperator.MatrixMultiply,
                _ => null,
            };
            if (explicitOp is { } kind)
            {
                var op = Advance();
                left = Node(new Expr.Binary(kind, left, ParseUnary(), op.Column));
            }
            else if (Current.Kind is TokenKind.Identifier or TokenKind.LeftParen or TokenKind.LeftBrace
                     or TokenKind.LeftFloor or TokenKind.LeftCeil
                     || (Current.Kind == TokenKind.Bar && _absDepth == 0) || OpensNorm())
            {
                // Juxtaposition: "2n", "X^T X", "(a+b)(c+d)". A leading sign never starts one,
                // so "a -b" stays a subtraction.
                int column = Current.Column;
                left = Node(new Expr.Binary(BinaryOperator.Multiply, left, ParsePower(), column));
            }
            else if (Current.Kind is TokenKind.Number or TokenKind.String)
            {
                // "2 3" or "x 2" is far more often a typo than a product.
                throw Error(Current.Column, $"missing operator before '{Current.Text}' at column {Current.Column}");
            }
            else
            {
                return left;
            }
        }
    }

    private Expr ParseUnary()
    {
        if (Current.Kind is not (TokenKind.Plus or TokenKind.Minus))
            return ParsePower();
        var op = Advance();
        Enter(op);
        var operand = ParseUnary();
        Leave();
        var kind = op.Kind == TokenKind.Minus ? UnaryOperator.Negate : UnaryOperator.Plus;
        return Node(new Expr.Unary(kind, operand, op.Column));
    }

    private Expr ParsePower()
    {
        var baseExpr = ParsePostfix();
        if (Current.Kind is not (TokenKind.Caret or TokenKind.DotCaret))
            return baseExpr;
        var op = Advance();
        var kind = op.Kind == TokenKind.Caret ? BinaryOperator.Power : BinaryOperator.ElementPower;
        // "X^T (y - Xw)" is the transpose times a group, not a call of a function T.
        if (Current is { Kind: TokenKind.Identifier, Text: "T" }
            && Peek(1).Kind is not (TokenKind.Caret or TokenKind.DotCaret or TokenKind.LeftBracket or TokenKind.Transpose))
        {
            var mark = Advance();
            var t = Node(new Expr.Identifier(mark.Text, mark.Column));
            return Node(new Expr.Binary(kind, baseExpr, t, op.Column));
        }
        Enter(op);
        var exponent = ParseUnary();
        Leave();
        return Node(new Expr.Binary(kind, baseExpr, exponent, op.Column));
    }

    private Expr ParsePostfix()
    {
        var expr = ParsePrimary();
        while (true)
        {
            if (Current.Kind == TokenKind.Transpose)
            {
                var mark = Advance();
                expr = Node(new Expr.Transpose(expr, mark.Column));
            }
            else if (Current.Kind == TokenKind.Subscript)
            {
                expr = ParseSubscript(expr);
            }
            else if (Current.Kind == TokenKind.LeftBracket)
            {
                var open = Advance();
                Enter(open);
                if (Current.Kind == TokenKind.RightBracket)
                    throw Error(Current.Column, $"expected an index after '[' at column {open.Column}");
                var indices = ParseCommaList();
                Expect(TokenKind.RightBracket, open);
                Leave();
                expr = Node(new Expr.Index(expr, indices, open.Column));
            }
            else
            {
                return expr;
            }
        }
    }

    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return Node(new Expr.Number(token.Number, token.Column));
            case TokenKind.String:
                Advance();
                return Node(new Expr.Text(token.Text, token.Column));
            case TokenKind.Identifier:
                return ParseIdentifier();
            case TokenKind.LeftParen or TokenKind.LeftBrace:
                return ParseGroup();
            case TokenKind.LeftBracket:
                return ParseArrayLiteral();
            case TokenKind.LeftFloor or TokenKind.LeftCeil:
                return ParseEnclosed(token.Kind == TokenKind.LeftFloor ? "floor" : "ceil",
                    token.Kind == TokenKind.LeftFloor ? TokenKind.RightFloor : TokenKind.RightCeil);
            case TokenKind.Bar:
                return ParseAbs();
            case TokenKind.DoubleBar or TokenKind.Or when IsNormBar(token):
                return ParseNorm();
            default:
                throw ExpectedExpression();
        }
    }

    private Expr ParseIdentifier()
    {
        var name = Advance();
        if (name.Text == "sum" && Current.Kind == TokenKind.Subscript && Peek(1).Kind == TokenKind.LeftBrace)
            return ParseSum(name);
        if (Current.Kind == TokenKind.LeftParen)
            return ParseCall(name);
        if (notation?.IsFunction(name.Text) == true && Current.Kind is TokenKind.Number or TokenKind.Identifier)
        {
            // "log 0.2", "\ln x": a function applied to the factor that follows, as on paper.
            Enter(name);
            var argument = ParsePower();
            Leave();
            return Node(new Expr.Call(name.Text, [argument], [], name.Column));
        }
        if (name.Latex && name.Text == "frac")
        {
            // \frac{a}{b}
            if (Current.Kind != TokenKind.LeftBrace)
                throw Error(name.Column, $"\\frac at column {name.Column} needs two groups in braces, as in \\frac{{a}}{{b}}");
            var numerator = ParseGroup();
            if (Current.Kind != TokenKind.LeftBrace)
                throw Error(Current.Column, $"\\frac at column {name.Column} needs a second group in braces, as in \\frac{{a}}{{b}}");
            var denominator = ParseGroup();
            return Node(new Expr.Binary(BinaryOperator.Divide, numerator, denominator, name.Column));
        }
        if (name.Latex && Current.Kind == TokenKind.LeftBrace)
        {
            // \sqrt{x}, \exp{x}: LaTeX commands take brace groups as their argument.
            var argument = ParseGroup();
            return Node(new Expr.Call(name.Text, [argument], [], name.Column));
        }
        return Node(new Expr.Identifier(name.Text, name.Column));
    }

    private Expr ParseCall(Token name)
    {
        var open = Advance();
        Enter(open);
        var positional = new List<Expr>();
        var named = new List<NamedArgument>();
        if (Current.Kind != TokenKind.RightParen)
        {
            while (true)
            {
                if (Current.Kind == TokenKind.Identifier && Peek(1).Kind == TokenKind.Assign)
                {
                    var parameter = Advance();
                    Advance();
                    named.Add(new NamedArgument(parameter.Text, ParseExpression(), parameter.Column));
                }
                else if (named.Count > 0)
                {
                    throw Error(Current.Column,
                        $"argument at column {Current.Column} comes after the named argument '{named[^1].Name}'; put unnamed arguments first");
                }
                else
                {
                    positional.Add(ParseExpression());
                }
                if (Current.Kind != TokenKind.Comma) break;
                Advance();
            }
        }
        Expect(TokenKind.RightParen, open);
        Leave();
        return Node(new Expr.Call(name.Text, positional, named, name.Column));
    }

    private Expr ParseGroup()
    {
        var open = Advance();
        Enter(open);
        var inner = ParseExpression();
        Expect(open.Kind == TokenKind.LeftBrace ? TokenKind.RightBrace : TokenKind.RightParen, open);
        Leave();
        return inner;
    }

    private Expr ParseArrayLiteral()
    {
        var open = Advance();
        Enter(open);
        if (Current.Kind == TokenKind.RightBracket)
            throw Error(open.Column, $"empty brackets '[]' at column {open.Column}: write the entries, e.g. [1, 2, 3]");
        var rows = new List<List<Expr>> { new() };
        bool matlabRows = false;
        while (true)
        {
            rows[^1].Add(ParseExpression());
            if (Current.Kind == TokenKind.Comma)
            {
                Advance();
            }
            else if (Current.Kind == TokenKind.Semicolon)
            {
                Advance();
                matlabRows = true;
                rows.Add([]);
            }
            else
            {
                break;
            }
        }
        Expect(TokenKind.RightBracket, open);
        Leave();
        if (!matlabRows)
            return Node(new Expr.ArrayLiteral(rows[0], open.Column));
        var rowLiterals = rows.Select(r => (Expr)Node(new Expr.ArrayLiteral(r, r[0].Column))).ToList();
        return Node(new Expr.ArrayLiteral(rowLiterals, open.Column));
    }

    private List<Expr> ParseCommaList()
    {
        var items = new List<Expr> { ParseExpression() };
        while (Current.Kind == TokenKind.Comma)
        {
            Advance();
            items.Add(ParseExpression());
        }
        return items;
    }

    private void Expect(TokenKind closer, Token open)
    {
        if (Current.Kind == closer)
        {
            Advance();
            return;
        }
        string close = closer switch
        {
            TokenKind.RightParen => ")",
            TokenKind.RightBrace => "}",
            _ => "]",
        };
        string message = $"missing '{close}' to close '{open.Text}' opened at column {open.Column}";
        if (Current.Kind != TokenKind.End)
            message += $" (found '{Current.Text}' at column {Current.Column})";
        throw Error(Current.Column, message);
    }

    private ExpressionSyntaxException ExpectedExpression()
    {
        if (_pos == 0)
            return Unexpected(Current);
        var previous = tokens[_pos - 1];
        return Error(previous.Column, $"expected an expression after '{previous.Text}' at column {previous.Column}");
    }

    private static ExpressionSyntaxException Unexpected(Token token) => token.Kind switch
    {
        TokenKind.End => Error(token.Column, "unexpected end of the expression"),
        TokenKind.Assign => Error(token.Column,
            $"unexpected '=' at column {token.Column}: write only the expression, and use '==' to compare"),
        _ => Error(token.Column, $"unexpected '{token.Text}' at column {token.Column}"),
    };

    private T Node<T>(T node) where T : Expr
    {
        if (++_nodes > ExpressionParser.MaxNodes)
            throw Error(node.Column, $"the expression is too long (more than {ExpressionParser.MaxNodes} parts)");
        return node;
    }

    private void Enter(Token at)
    {
        if (++_depth > ExpressionParser.MaxDepth)
            throw Error(at.Column,
                $"the expression is nested too deeply at column {at.Column} (more than {ExpressionParser.MaxDepth} levels)");
    }

    private void Leave() => _depth--;

    private static ExpressionSyntaxException Error(int column, string message) => new(column, message);
}
