using System.Globalization;
using System.Text.RegularExpressions;

namespace Grader.Core.Answers;

/// <summary>
/// Sizes and shapes as students write them: <c>5x2</c>, <c>5 \times 2</c>, <c>5 × 2</c>,
/// <c>R^{5 \times 2}</c>, and lists of shapes such as <c>3 x (1 x 5 x 3)</c> (the derivative of a
/// length-3 output with respect to a 1x5x3 weight), read as the flat list of sizes [3, 1, 5, 3].
/// </summary>
public static partial class SizeText
{
    /// <summary>The sizes, or null when the text is not a product of at least two sizes.</summary>
    public static double[]? Read(string text)
    {
        string body = Space().Replace(Times().Replace(RealSpace().Replace(text.Trim(), ""), "x"), "");
        if (body.StartsWith('{') && body.EndsWith('}')) body = body[1..^1];
        if (!body.Contains('x') && !body.Contains('X')) return null;
        var sizes = new List<double>();
        int pos = 0;
        return Product(body, ref pos, sizes) && pos == body.Length ? [.. sizes] : null;
    }

    private static bool Product(string text, ref int pos, List<double> sizes)
    {
        if (!Factor(text, ref pos, sizes)) return false;
        while (pos < text.Length && text[pos] is 'x' or 'X')
        {
            pos++;
            if (!Factor(text, ref pos, sizes)) return false;
        }
        return true;
    }

    private static bool Factor(string text, ref int pos, List<double> sizes)
    {
        if (pos < text.Length && text[pos] == '(')
        {
            pos++;
            if (!Product(text, ref pos, sizes) || pos >= text.Length || text[pos] != ')') return false;
            pos++;
            return true;
        }
        int start = pos;
        while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
        if (pos == start || pos - start > 9) return false;
        sizes.Add(double.Parse(text[start..pos], CultureInfo.InvariantCulture));
        return true;
    }

    [GeneratedRegex(@"^(\\mathbb\{R\}|\\R|ℝ|R)\s*\^")]
    private static partial Regex RealSpace();

    [GeneratedRegex(@"\\times|×|\*|⋅|·|\\cdot")]
    private static partial Regex Times();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
