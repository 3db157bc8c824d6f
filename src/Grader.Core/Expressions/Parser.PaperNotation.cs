namespace Grader.Core.Expressions;

/// <summary>
/// The parser's paper notation: floor and ceiling brackets, absolute-value and norm bars,
/// subscripts (<c>W_{1,c,k}</c>, <c>delta_{ij}</c>) and sums <c>\sum_{k=1}^{n} body</c>.
/// </summary>
internal sealed partial class Parser
{
    /// <summary><c>⌊x⌋</c> or <c>\lfloor x \rfloor</c> is floor(x); likewise ceil.</summary>
    private Expr ParseEnclosed(string function, TokenKind closer)
    {
        var open = Advance();
        Enter(open);
        var inner = ParseExpression();
        if (Current.Kind != closer)
            throw Error(Current.Column, $"missing the closing bracket of '{open.Text}' opened at column {open.Column}");
        Advance();
        Leave();
        return Node(new Expr.Call(function, [inner], [], open.Column));
    }

    private Expr ParseAbs()
    {
        var open = Advance();
        Enter(open);
        _absDepth++;
        var inner = ParseExpression();
        _absDepth--;
        if (Current.Kind != TokenKind.Bar)
            throw Error(Current.Column, $"missing the closing '|' of the '|' at column {open.Column}");
        Advance();
        Leave();
        return Node(new Expr.Call("abs", [inner], [], open.Column));
    }

    /// <summary><c>||g||</c>, <c>||g||_2</c>: the 2-norm; <c>||g||_1</c> the sum of magnitudes; <c>||g||_inf</c> the largest.</summary>
    private Expr ParseNorm()
    {
        var open = Advance();
        Enter(open);
        _normDepth++;
        var inner = ParseExpression();
        _normDepth--;
        if (!IsNormBar(Current))
            throw Error(Current.Column, $"missing the closing '||' of the '{open.Text}' at column {open.Column}");
        Advance();
        Leave();
        string kind = "2";
        if (Current.Kind == TokenKind.Subscript)
        {
            Advance();
            var which = Current.Kind == TokenKind.LeftBrace ? ParseGroup() : ParsePrimary();
            kind = which switch
            {
                Expr.Number n => n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Expr.Identifier id => id.Name,
                _ => "?",
            };
        }
        return kind switch
        {
            "2" or "F" => Node(new Expr.Call("norm", [inner], [], open.Column)),
            "1" => Node(new Expr.Call("sum", [Node(new Expr.Call("abs", [inner], [], open.Column))], [], open.Column)),
            "inf" or "infty" or "∞" or "max" => Node(new Expr.Call("max", [Node(new Expr.Call("abs", [inner], [], open.Column))], [], open.Column)),
            _ => throw Error(open.Column, $"the norm at column {open.Column} must be ||x||, ||x||_2, ||x||_1 or ||x||_inf"),
        };
    }

    private static bool IsNormBar(Token token) => token is { Kind: TokenKind.DoubleBar } or { Kind: TokenKind.Or, Text: "||" };

    /// <summary>A norm bar here opens a norm: we are not inside one, and a closing bar follows.</summary>
    private bool OpensNorm()
    {
        if (_normDepth > 0 || !IsNormBar(Current)) return false;
        if (Current.Kind == TokenKind.DoubleBar) return true;
        for (int i = _pos + 1; i < tokens.Count; i++)
            if (IsNormBar(tokens[i])) return true;
        return false; // a lone "||" is the logical or
    }

    /// <summary>
    /// <c>W_{1,c,k}</c> and <c>x_i</c> index (1-based); <c>delta_{ij}</c> calls delta(i, j) when the
    /// notation knows delta as a function. With declared index names, <c>_{ij}</c> is two indices.
    /// </summary>
    private Expr ParseSubscript(Expr target)
    {
        var mark = Advance();
        // P_{H1} or w_1, where the notation declares that very name.
        if (target is Expr.Identifier { Name: var baseName } && SubscriptName() is { } written
            && notation?.IsName($"{baseName}_{written.Text}") == true)
        {
            while (Current.Kind != TokenKind.Identifier && Current.Kind != TokenKind.Number) Advance();
            Advance();
            if (Current.Kind == TokenKind.RightBrace) Advance();
            return Node(new Expr.Identifier($"{baseName}_{written.Text}", target.Column));
        }
        Enter(mark);
        List<Expr> indices;
        if (Current.Kind == TokenKind.LeftBrace)
        {
            var open = Advance();
            indices = OnlyNames() ?? ParseCommaList();
            Expect(TokenKind.RightBrace, open);
        }
        else if (Current.Kind is TokenKind.Identifier or TokenKind.Number)
        {
            var token = Advance();
            indices = token.Kind == TokenKind.Number
                ? [Node(new Expr.Number(token.Number, token.Column))]
                : SplitIndexNames(token);
        }
        else
        {
            throw Error(mark.Column, $"expected a subscript after '_' at column {mark.Column}");
        }
        Leave();
        if (target is Expr.Identifier { Name: var name } && notation?.IsFunction(name) == true)
            return Node(new Expr.Call(name, indices, [], target.Column));
        return Node(new Expr.Index(target, indices, mark.Column));
    }

    /// <summary>"{i j}" or "{ij}" (names only): each name, or each declared index letter, one index.</summary>
    private List<Expr>? OnlyNames()
    {
        int end = _pos;
        while (tokens[end].Kind == TokenKind.Identifier) end++;
        if (end == _pos || tokens[end].Kind != TokenKind.RightBrace) return null;
        var names = new List<Expr>();
        while (_pos < end) names.AddRange(SplitIndexNames(Advance()));
        return names;
    }

    /// <summary>The single name or number of a subscript "_x" or "_{x}", if that is all it holds.</summary>
    private Token? SubscriptName()
    {
        if (Current.Kind is TokenKind.Identifier or TokenKind.Number) return Current;
        return Current.Kind == TokenKind.LeftBrace && Peek(1).Kind is TokenKind.Identifier or TokenKind.Number
            && Peek(2).Kind == TokenKind.RightBrace ? Peek(1) : null;
    }

    /// <summary>"ij" is the indices i and j when both are declared index names; otherwise one name.</summary>
    private List<Expr> SplitIndexNames(Token token)
    {
        if (notation is not null && token.Text.Length > 1 && token.Text.All(c => notation.IsIndex(c.ToString())))
            return token.Text.Select((c, i) => (Expr)Node(new Expr.Identifier(c.ToString(), token.Column + i))).ToList();
        return [Node(new Expr.Identifier(token.Text, token.Column))];
    }

    /// <summary><c>\sum_{k=1}^{n} body</c>: the body is the product that follows (a term, as on paper).</summary>
    private Expr ParseSum(Token name)
    {
        Advance(); // _
        var open = Advance(); // {
        Enter(open);
        if (Current.Kind != TokenKind.Identifier || Peek(1).Kind != TokenKind.Assign)
            throw Error(Current.Column, $"a sum at column {name.Column} needs its range, as in \\sum_{{k=1}}^{{n}}");
        var index = Advance();
        Advance(); // =
        var from = ParseExpression();
        Expect(TokenKind.RightBrace, open);
        if (Current.Kind != TokenKind.Caret)
            throw Error(Current.Column, $"a sum at column {name.Column} needs an upper limit, as in \\sum_{{k=1}}^{{n}}");
        Advance();
        var to = Current.Kind == TokenKind.LeftBrace ? ParseGroup() : ParsePostfix();
        var body = ParseMultiplicative();
        Leave();
        return Node(new Expr.Sum(index.Text, from, to, body, name.Column));
    }
}
