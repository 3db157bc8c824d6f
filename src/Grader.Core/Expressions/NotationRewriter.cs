namespace Grader.Core.Expressions;

/// <summary>
/// Reads the parts of student notation that depend on the declared names, on the token list
/// before parsing (see <see cref="Notation"/>): a left-hand side "L =" is dropped; a name that
/// nothing declares is read as a subscripted name (<c>yhat_i</c> = yhat[i], <c>delta_ij</c> =
/// delta(i, j)) or as a product of declared names (<c>Xw</c>, <c>nλI</c>, <c>X^TX</c>). A run of
/// letters that splits more than one way is an error that says how to write it.
/// </summary>
internal static class NotationRewriter
{
    public static List<Token> Rewrite(List<Token> tokens, Notation notation)
    {
        tokens = RightHandSide(tokens);
        var local = SumIndices(tokens);
        var result = new List<Token>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            bool keep = token.Kind != TokenKind.Identifier || token.Latex
                || notation.IsName(token.Text) || notation.Functions.Contains(token.Text) || local.Contains(token.Text)
                || tokens[i + 1].Kind == TokenKind.Assign
                || (token.Text == "T" && result.Count > 0 && result[^1].Kind == TokenKind.Caret);
            if (keep) result.Add(token);
            else result.AddRange(Resolve(token, result.Count > 0 ? result[^1] : null, notation, local));
        }
        return result;
    }

    /// <summary>"L(t, y) = (y - t)^2" is answered by its right-hand side; a lone top-level '=' only.</summary>
    private static List<Token> RightHandSide(List<Token> tokens)
    {
        int depth = 0, assign = -1, count = 0;
        for (int i = 0; i < tokens.Count; i++)
        {
            switch (tokens[i].Kind)
            {
                case TokenKind.LeftParen or TokenKind.LeftBracket or TokenKind.LeftBrace: depth++; break;
                case TokenKind.RightParen or TokenKind.RightBracket or TokenKind.RightBrace: depth--; break;
                case TokenKind.Assign when depth == 0:
                    assign = i;
                    count++;
                    break;
            }
        }
        return count == 1 && assign > 0 && tokens[assign + 1].Kind != TokenKind.End ? tokens[(assign + 1)..] : tokens;
    }

    /// <summary>The k of every "sum_{k=...}": bound inside its sum, so never split or resolved.</summary>
    private static HashSet<string> SumIndices(List<Token> tokens)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i + 4 < tokens.Count; i++)
            if (tokens[i] is { Kind: TokenKind.Identifier, Text: "sum" } && tokens[i + 1].Kind == TokenKind.Subscript
                && tokens[i + 2].Kind == TokenKind.LeftBrace && tokens[i + 3].Kind == TokenKind.Identifier
                && tokens[i + 4].Kind == TokenKind.Assign)
                names.Add(tokens[i + 3].Text);
        return names;
    }

    private static IEnumerable<Token> Resolve(Token token, Token? previous, Notation notation, HashSet<string> local)
    {
        bool IsValue(string name) => notation.IsName(name) || local.Contains(name);
        string name = token.Text;
        if (name.Contains('_'))
        {
            string joined = name.Replace("_", "", StringComparison.Ordinal);
            if (IsValue(joined)) return [token with { Text = joined }];
            if (Subscripted(token, notation, IsValue) is { } subscripted) return subscripted;
        }
        var splits = name.Length > MaxSplitLength ? []
            : Splits(name, 0, previous?.Kind == TokenKind.Caret, n => notation.IsSplittable(n) || local.Contains(n), 2, new bool[name.Length + 1]);
        if (splits.Count == 1)
        {
            int offset = 0;
            return splits[0].Select(piece =>
            {
                var part = token with { Text = piece, Column = token.Column + offset };
                offset += piece.Length;
                return part;
            }).ToList();
        }
        if (splits.Count > 1)
            throw new ExpressionSyntaxException(token.Column,
                $"'{name}' at column {token.Column} can be read as {string.Join("*", splits[0])} or {string.Join("*", splits[1])}: write the product with '*'");
        return [token];
    }

    /// <summary>"yhat_i" = yhat[i], "w_12" = w[12], "delta_ij" = delta(i, j): a declared base, indices after the last '_'.</summary>
    private static List<Token>? Subscripted(Token token, Notation notation, Func<string, bool> isValue)
    {
        string name = token.Text;
        int cut = name.LastIndexOf('_');
        string baseName = name[..cut], suffix = name[(cut + 1)..];
        if (suffix.Length == 0) return null;
        if (baseName == "δ" && !isValue(baseName)) baseName = "delta"; // the Kronecker delta as pasted
        bool function = !isValue(baseName) && notation.IsFunction(baseName);
        if (!isValue(baseName) && !function) return null;
        List<Token> indices;
        int column = token.Column + cut + 1;
        if (suffix.All(char.IsAsciiDigit))
            indices = [new Token(TokenKind.Number, suffix, column, double.Parse(suffix, System.Globalization.CultureInfo.InvariantCulture))];
        else if (isValue(suffix) && !(suffix.Length > 1 && suffix.All(c => notation.IsIndex(c.ToString()))))
            indices = [new Token(TokenKind.Identifier, suffix, column)];
        else if (suffix.All(c => isValue(c.ToString())))
            indices = suffix.Select((c, i) => new Token(TokenKind.Identifier, c.ToString(), column + i)).ToList();
        else
            return null;
        var result = new List<Token> { token with { Text = baseName } };
        result.Add(new Token(function ? TokenKind.LeftParen : TokenKind.LeftBracket, function ? "(" : "[", column - 1));
        for (int i = 0; i < indices.Count; i++)
        {
            if (i > 0) result.Add(new Token(TokenKind.Comma, ",", indices[i].Column));
            result.Add(indices[i]);
        }
        result.Add(new Token(function ? TokenKind.RightParen : TokenKind.RightBracket, function ? ")" : "]", column + suffix.Length - 1));
        return result;
    }

    /// <summary>Longer runs of letters are names nobody declared, not products.</summary>
    private const int MaxSplitLength = 40;

    /// <summary>
    /// Up to <paramref name="limit"/> ways to write <paramref name="name"/> from <paramref name="start"/>
    /// as known names; <paramref name="dead"/> remembers the positions from which there is none.
    /// </summary>
    private static List<List<string>> Splits(string name, int start, bool afterCaret, Func<string, bool> known, int limit, bool[] dead)
    {
        var found = new List<List<string>>();
        if (start == name.Length)
        {
            found.Add([]);
            return found;
        }
        if (dead[start]) return found;
        for (int end = name.Length; end > start && found.Count < limit; end--)
        {
            string piece = name[start..end];
            // X^TX: right after '^', a leading T is the transpose mark.
            bool usable = known(piece) || (afterCaret && start == 0 && piece == "T");
            if (!usable || (start == 0 && end == name.Length)) continue;
            foreach (var rest in Splits(name, end, false, known, limit - found.Count, dead))
                found.Add([piece, .. rest]);
        }
        dead[start] = found.Count == 0;
        return found;
    }
}
