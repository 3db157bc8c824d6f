using Grader.Core.Answers;
using Grader.Core.Documents;
using Grader.Core.Expressions;
using Grader.Core.Numerics;
using Grader.Core.Rubrics;

namespace Grader.Core.Checking;

/// <summary>
/// formula items: each of the student's expressions is compared with the reference by evaluation
/// at random points (see <see cref="FormulaEquivalence"/>). A single formula is a grid of one cell.
/// </summary>
internal static class FormulaChecker
{
    private sealed record Cell(Expr? Expression, EquivalenceResult? Result, string? ParseError)
    {
        public bool Right => Result?.Outcome == EquivalenceOutcome.Equivalent;
    }

    public static ItemOutcome Check(RubricItem item, FormulaCheck check, DocNode answer, GradingScope scope)
    {
        foreach (var expected in check.ExpectedCells)
            if (scope.WhyUnavailable(expected) is { } reason)
                return ItemOutcome.Of(item, 0, MarkStatus.Error, reason);

        var (texts, readError) = ReadTexts(check, answer);
        if (texts is null) return ItemOutcome.Of(item, 0, MarkStatus.Invalid, $"Your answer could not be read: {readError}.");
        var shape = check.CellShape.ToArray();
        var details = new ItemDetails(Format(check.ExpectedSources, shape), Format(texts.Cells, texts.Shape), shape);
        if (!texts.Shape.SequenceEqual(shape))
            return ItemOutcome.Of(item, 0, MarkStatus.Incorrect,
                $"Expected a {NdArray.FormatShape(shape)} matrix of formulas, got {NdArray.FormatShape(texts.Shape)}.", details);

        var spec = check.Equivalence with { Constants = scope.Reference };
        var notation = Notation.Of(spec);
        var cells = texts.Cells.Select((text, i) => CheckCell(check.ExpectedCells[i], text, spec, notation)).ToList();
        var wrong = Enumerable.Range(0, cells.Count).Where(i => !cells[i].Right).ToList();
        details = details with { WrongEntries = wrong };
        if (wrong.Count == 0)
            return ItemOutcome.Of(item, item.Points, MarkStatus.Correct, item.Feedback.Correct ?? "Correct.", details);
        if (Matches(check.Alternatives, cells, spec))
            return ItemOutcome.Of(item, item.Points, MarkStatus.Correct, item.Feedback.Correct ?? "Correct.", details with { WrongEntries = [] });
        if (cells.Any(c => c.Result?.Outcome == EquivalenceOutcome.Inconclusive))
            return ItemOutcome.Of(item, 0, MarkStatus.Error, "Your formula could not be checked automatically; a TA will look at it.", details);
        if (MatchMistake(check, cells, spec) is { } mistake)
            return ItemOutcome.Of(item, mistake.Points, mistake.Points > 0 ? MarkStatus.Partial : MarkStatus.Incorrect, mistake.Feedback, details);

        var comparison = new ArrayComparison(null, cells.Count, wrong)
        {
            NoWorkRight = NoWorkBaseline.MostFrequentCount(check.ExpectedCells.Select(c => c.ToString())),
        };
        double points = ArrayComparison.Score(comparison, check.Partial, item.Points);
        var feedback = check.IsGrid
            ? GridFeedback(shape, cells, wrong) + comparison.BaselineNote(check.Partial)
            : SingleFeedback(cells[0]) + ShapeHint(check, texts.Cells[0]);
        if (item.Feedback.Incorrect is { } hint) feedback += " " + hint;
        var status = points > 0 ? MarkStatus.Partial
            : !check.IsGrid && cells[0].Result?.Outcome != EquivalenceOutcome.NotEquivalent ? MarkStatus.Invalid
            : MarkStatus.Incorrect;
        return ItemOutcome.Of(item, points, status, feedback, details);
    }

    /// <summary>
    /// The student's formulas as a grid of texts. A matrix of formulas may be nested lists or one
    /// text laid out as a matrix; a single formula whose value is a list may be a YAML list of
    /// formulas, read as the list literal it stands for.
    /// </summary>
    private static (TextGrid? Texts, string? Error) ReadTexts(FormulaCheck check, DocNode answer)
    {
        if (check.IsGrid)
        {
            if (AnswerValues.TryGetText(answer, out var layout) && TextMatrix.Split(layout) is { } rows)
                return TextMatrix.Ragged(rows) is { } ragged
                    ? (null, ragged)
                    : (new TextGrid([rows.Count, rows[0].Count], rows.SelectMany(r => r).ToList()), null);
            var (grid, error, _) = AnswerValues.ToTextMatrix(answer);
            return (grid, error);
        }
        if (answer is DocNode.Sequence)
        {
            var (list, error, _) = AnswerValues.ToTextMatrix(answer);
            return list is null ? (null, error) : (new TextGrid([], [ListLiteral(list)]), null);
        }
        if (answer is not DocNode.Scalar || AnswerValues.ToText(answer).Value is not { } text)
            return (null, $"expected a formula written as text, got {answer.KindName}");
        return (new TextGrid([], [text]), null);
    }

    /// <summary>["F", "floor(...) + 1"] as the text "[F, floor(...) + 1]".</summary>
    private static string ListLiteral(TextGrid list)
    {
        if (list.Rank == 0) return list.Cells[0];
        int stride = list.Cells.Count / list.Shape[0];
        var rows = Enumerable.Range(0, list.Shape[0])
            .Select(r => ListLiteral(new TextGrid(list.Shape.Skip(1).ToList(), list.Cells.Skip(r * stride).Take(stride).ToList())));
        return "[" + string.Join(", ", rows) + "]";
    }

    private static Cell CheckCell(Expr expected, string text, EquivalenceSpec spec, Notation notation)
    {
        var parsed = ExpressionParser.Parse(text, notation);
        return parsed.Succeeded
            ? new Cell(parsed.Expression, FormulaEquivalence.Check(expected, parsed.Expression, spec), null)
            : new Cell(null, null, parsed.Error.Message);
    }

    /// <summary>A foreseen mistake matches when every cell is equivalent to the mistake's cell.</summary>
    private static FormulaMistake? MatchMistake(FormulaCheck check, List<Cell> cells, EquivalenceSpec spec) =>
        check.Mistakes.FirstOrDefault(mistake => Matches([mistake.Cells], cells, spec));

    /// <summary>Whether the answer is, cell for cell, equivalent to one of <paramref name="grids"/>.</summary>
    private static bool Matches(IEnumerable<IReadOnlyList<Expr>> grids, List<Cell> cells, EquivalenceSpec spec) =>
        grids.Any(grid => cells.Select((cell, i) => cell.Expression is { } expression
            && FormulaEquivalence.Check(grid[i], expression, spec).Outcome == EquivalenceOutcome.Equivalent).All(ok => ok));

    /// <summary>"F × H' × W'" multiplies; where a list (a shape) is expected, say how to write one.</summary>
    private static string ShapeHint(FormulaCheck check, string text) =>
        check.ExpectedCells[0] is Expr.ArrayLiteral && (text.Contains('×') || text.Contains("\\times", StringComparison.Ordinal))
            ? " For a shape, write the sizes as a list, e.g. [a, b, c]: × multiplies."
            : "";

    private static string SingleFeedback(Cell cell) => cell.ParseError is { } parseError
        ? $"Your formula could not be read: {parseError}."
        : cell.Result!.Outcome == EquivalenceOutcome.CandidateError
            ? $"Your formula could not be used: {cell.Result.Message}."
            : $"Not equivalent to the expected formula: {cell.Result.Message}.";

    private static string GridFeedback(int[] shape, List<Cell> cells, List<int> wrong)
    {
        var feedback = $"{cells.Count - wrong.Count} of {cells.Count} entries are right; wrong at "
            + string.Join(", ", wrong.Take(8).Select(i => ArrayComparison.Position(shape, i)))
            + (wrong.Count > 8 ? $" and {wrong.Count - 8} more." : ".");
        var unreadable = wrong.Where(i => cells[i].ParseError is not null).Take(3)
            .Select(i => $"{ArrayComparison.Position(shape, i)}: {cells[i].ParseError}").ToList();
        return unreadable.Count > 0 ? feedback + " Unreadable: " + string.Join("; ", unreadable) + "." : feedback;
    }

    private static string Format(IReadOnlyList<string> cells, IReadOnlyList<int> shape)
    {
        if (shape.Count == 0) return cells[0];
        if (shape.Count != 2) return "[" + string.Join(", ", cells) + "]";
        var rows = Enumerable.Range(0, shape[0]).Select(r => "[" + string.Join(", ", cells.Skip(r * shape[1]).Take(shape[1])) + "]");
        return "[" + string.Join(", ", rows) + "]";
    }
}
