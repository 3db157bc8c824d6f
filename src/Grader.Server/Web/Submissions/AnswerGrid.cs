using System.Text;

namespace Grader.Server.Web.Submissions;

public sealed record GridCell(string Text, bool Wrong);

/// <summary>
/// An array answer laid out as a table: a vector is one row, a matrix its rows, and a tensor its
/// last axis as columns with one row per index of the leading axes (labelled, e.g. "[1, 0]").
/// </summary>
public sealed record AnswerGrid(IReadOnlyList<IReadOnlyList<GridCell>> Rows, IReadOnlyList<string>? RowLabels)
{
    /// <summary>
    /// The grid of <paramref name="text"/> (nested lists as NdArrayFormatter and FormulaChecker write
    /// them) in <paramref name="shape"/>, with the row-major flat indices in <paramref name="wrong"/>
    /// marked; null for a scalar, or for text that does not hold exactly that many entries (a
    /// student's answer of another shape), which the page then shows as text.
    /// </summary>
    public static AnswerGrid? Of(string? text, IReadOnlyList<int>? shape, IReadOnlyList<int>? wrong)
    {
        if (text is null || shape is not { Count: > 0 }) return null;
        var cells = Cells(text);
        int count = shape.Aggregate(1, (product, d) => product * d);
        if (cells is null || cells.Count != count || count == 0) return null;
        var wrongSet = wrong?.ToHashSet() ?? [];
        int columns = shape[^1];
        var rows = Enumerable.Range(0, count / columns)
            .Select(r => (IReadOnlyList<GridCell>)Enumerable.Range(r * columns, columns)
                .Select(i => new GridCell(cells[i], wrongSet.Contains(i))).ToList())
            .ToList();
        return new AnswerGrid(rows, shape.Count > 2 ? [.. Enumerable.Range(0, rows.Count).Select(r => Label(r, shape))] : null);
    }

    /// <summary>The leaf entries of a nested list, in order; a comma inside parentheses (a formula's max(0, x)) does not split.</summary>
    internal static List<string>? Cells(string text)
    {
        var cells = new List<string>();
        var current = new StringBuilder();
        int depth = 0, parentheses = 0;
        foreach (char c in text)
        {
            if (parentheses == 0 && c == '[')
            {
                if (current.ToString().Trim().Length > 0) return null;
                depth++;
            }
            else if (parentheses == 0 && c is ',' or ']')
            {
                if (current.ToString().Trim() is { Length: > 0 } cell) cells.Add(cell);
                current.Clear();
                if (c == ']' && --depth < 0) return null;
            }
            else
            {
                if (c == '(') parentheses++;
                if (c == ')') parentheses--;
                current.Append(c);
            }
        }
        return depth == 0 && current.ToString().Trim().Length == 0 ? cells : null;
    }

    /// <summary>The leading indices of row <paramref name="row"/>: row 5 of shape [2, 3, 4] is "[1, 2]".</summary>
    private static string Label(int row, IReadOnlyList<int> shape)
    {
        var indices = new int[shape.Count - 1];
        for (int axis = shape.Count - 2; axis >= 0; axis--)
        {
            indices[axis] = row % shape[axis];
            row /= shape[axis];
        }
        return "[" + string.Join(", ", indices) + "]";
    }
}
