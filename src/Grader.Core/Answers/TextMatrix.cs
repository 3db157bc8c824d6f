using System.Text;
using System.Text.RegularExpressions;

namespace Grader.Core.Answers;

/// <summary>
/// Splits a matrix written as one piece of text into its entries, in the layouts students paste:
/// nested brackets <c>[[w1, w2], [0, w1]]</c>, MATLAB <c>[w1 w2; 0 w1]</c>, LaTeX
/// <c>\begin{bmatrix} w1 &amp; w2 \\ 0 &amp; w1 \end{bmatrix}</c>, or one row per line. Entries are
/// separated by '&amp;' if there is one, else by commas, else by spaces (so an entry with spaces
/// in it needs commas: <c>a + b, c</c>). Brackets inside entries (<c>f(a, b)</c>) are respected.
/// </summary>
public static partial class TextMatrix
{
    /// <summary>The rows of entries, or null when the text is not laid out as a matrix (one row of one entry, unbalanced brackets).</summary>
    public static List<List<string>>? Split(string text)
    {
        string body = Environment().Replace(text, " ").Trim();
        List<string> rows;
        if (body.StartsWith("[[", StringComparison.Ordinal) || body.StartsWith("((", StringComparison.Ordinal))
        {
            var inner = Unwrap(body);
            if (inner is null) return null;
            rows = TopLevel(inner, ',').Select(r => Unwrap(r.Trim())).ToList()!;
            if (rows.Any(r => r is null)) return null;
        }
        else
        {
            // Without enclosing brackets, only rows or '&' make text a matrix: "(1+2) 3" is a product.
            var inner = Unwrap(body);
            if (inner is null && !RowOrCellMark().IsMatch(body)) return null;
            rows = TopLevel((inner ?? body).Replace("\\\\", ";", StringComparison.Ordinal).Replace('\n', ';'), ';')
                .Select(r => r.Trim()).Where(r => r.Length > 0).ToList();
        }
        var cells = rows.Select(Cells).ToList();
        if (cells.Any(r => r is null) || (cells.Count <= 1 && cells.All(r => r!.Count <= 1))) return null;
        return cells!;
    }

    /// <summary>Why the rows cannot be a matrix (their lengths differ), or null when they can.</summary>
    public static string? Ragged(List<List<string>> rows) => rows.Any(r => r.Count != rows[0].Count)
        ? $"the rows of the matrix have different lengths ({string.Join(", ", rows.Select(r => r.Count))} entries)"
        : null;

    private static List<string>? Cells(string row)
    {
        char separator = row.Contains('&') ? '&' : TopLevel(row, ',').Count > 1 ? ',' : ' ';
        var cells = TopLevel(row, separator).Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        return cells.Count == 0 ? null : cells;
    }

    /// <summary>"[...]" or "(...)" without its outer pair, when that pair encloses everything; else null.</summary>
    private static string? Unwrap(string text)
    {
        if (text.Length < 2 || !(text[0] == '[' && text[^1] == ']' || text[0] == '(' && text[^1] == ')')) return null;
        int depth = 0;
        for (int i = 0; i < text.Length; i++)
        {
            depth += Depth(text[i]);
            if (depth == 0 && i < text.Length - 1) return null;
        }
        return depth == 0 ? text[1..^1] : null;
    }

    /// <summary>Splits at <paramref name="separator"/> outside brackets (a space: runs of spaces).</summary>
    private static List<string> TopLevel(string text, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        int depth = 0;
        foreach (char c in text)
        {
            depth += Depth(c);
            if (depth == 0 && (c == separator || (separator == ' ' && char.IsWhiteSpace(c))))
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        parts.Add(current.ToString());
        return parts;
    }

    private static int Depth(char c) => c switch
    {
        '(' or '[' or '{' => 1,
        ')' or ']' or '}' => -1,
        _ => 0,
    };

    [GeneratedRegex(@"[;&\n]|\\\\")]
    private static partial Regex RowOrCellMark();

    [GeneratedRegex(@"\\(begin|end)\{[a-zA-Z]*matrix\*?\}|\\left|\\right")]
    private static partial Regex Environment();
}
