using Grader.Core.Answers;
using Grader.Core.Documents;
using Grader.Core.Expressions;
using Grader.Core.Numerics;
using Grader.Core.Rubrics;

namespace Grader.Core.Checking;

/// <summary>
/// formula items: the student's expression is compared with the reference by evaluation at
/// random points (see <see cref="FormulaEquivalence"/>); grids are compared cell by cell.
/// </summary>
internal static class FormulaChecker
{
    public static ItemOutcome Check(RubricItem item, FormulaCheck check, DocNode answer, GradingScope scope)
    {
        foreach (var expected in check.ExpectedCells)
            if (scope.WhyUnavailable(expected) is { } reason)
                return ItemOutcome.Of(item, 0, MarkStatus.Error, reason);
        var spec = check.Equivalence with { Constants = scope.Reference };
        return check.IsGrid ? CheckGrid(item, check, answer, spec) : CheckSingle(item, check, answer, spec);
    }

    private static ItemOutcome CheckSingle(RubricItem item, FormulaCheck check, DocNode answer, EquivalenceSpec spec)
    {
        if (answer is not DocNode.Scalar || AnswerValues.ToText(answer).Value is not { } text)
            return ItemOutcome.Of(item, 0, MarkStatus.Invalid, $"Expected a formula written as text, got {answer.KindName}.");
        var details = new ItemDetails(check.ExpectedSources[0], text);
        var parsed = ExpressionParser.Parse(text);
        if (!parsed.Succeeded)
            return ItemOutcome.Of(item, 0, MarkStatus.Invalid,
                $"Your formula could not be read: {parsed.Error!.Message}.", details);

        var result = FormulaEquivalence.Check(check.ExpectedCells[0], parsed.Expression!, spec);
        switch (result.Outcome)
        {
            case EquivalenceOutcome.Equivalent:
                return ItemOutcome.Of(item, item.Points, MarkStatus.Correct, item.Feedback.Correct ?? "Correct.", details);
            case EquivalenceOutcome.Inconclusive:
                return ItemOutcome.Of(item, 0, MarkStatus.Error,
                    "Your formula could not be checked automatically; a TA will look at it.", details);
        }
        foreach (var mistake in check.Mistakes)
            if (FormulaEquivalence.Check(mistake.Expression, parsed.Expression!, spec).Outcome == EquivalenceOutcome.Equivalent)
                return ItemOutcome.Of(item, mistake.Points, mistake.Points > 0 ? MarkStatus.Partial : MarkStatus.Incorrect,
                    mistake.Feedback, details);
        var status = result.Outcome == EquivalenceOutcome.CandidateError ? MarkStatus.Invalid : MarkStatus.Incorrect;
        var feedback = $"Not equivalent to the expected formula: {result.Message}.";
        if (item.Feedback.Incorrect is { } hint) feedback += " " + hint;
        return ItemOutcome.Of(item, 0, status, feedback, details);
    }

    private static ItemOutcome CheckGrid(RubricItem item, FormulaCheck check, DocNode answer, EquivalenceSpec spec)
    {
        var (grid, gridError, _) = AnswerValues.ToTextMatrix(answer);
        if (grid is null)
            return ItemOutcome.Of(item, 0, MarkStatus.Invalid, $"Your answer could not be read: {gridError}.");
        var expectedShape = check.CellShape.ToArray();
        var details = new ItemDetails(FormatGrid(check.ExpectedSources, expectedShape), FormatGrid(grid.Cells, grid.Shape), expectedShape);
        if (!grid.Shape.SequenceEqual(expectedShape))
            return ItemOutcome.Of(item, 0, MarkStatus.Incorrect,
                $"Expected a {NdArray.FormatShape(expectedShape)} matrix of formulas, got {NdArray.FormatShape(grid.Shape)}.", details);

        var wrong = new List<int>();
        var problems = new List<string>();
        for (int i = 0; i < check.ExpectedCells.Count; i++)
        {
            var parsed = ExpressionParser.Parse(grid.Cells[i]);
            var position = ArrayComparison.Position(expectedShape, i);
            if (!parsed.Succeeded)
            {
                wrong.Add(i);
                problems.Add($"{position}: {parsed.Error!.Message}");
                continue;
            }
            if (FormulaEquivalence.Check(check.ExpectedCells[i], parsed.Expression!, spec).Outcome != EquivalenceOutcome.Equivalent)
                wrong.Add(i);
        }
        var comparison = new ArrayComparison(null, check.ExpectedCells.Count, wrong);
        details = details with { WrongEntries = wrong };
        if (comparison.AllRight)
            return ItemOutcome.Of(item, item.Points, MarkStatus.Correct, item.Feedback.Correct ?? "Correct.", details);
        double points = ArrayComparison.Score(comparison, check.Partial, item.Points);
        var feedback = $"{comparison.RightEntries} of {comparison.EntryCount} entries are right; wrong at "
            + string.Join(", ", wrong.Take(8).Select(i => ArrayComparison.Position(expectedShape, i)))
            + (wrong.Count > 8 ? $" and {wrong.Count - 8} more." : ".");
        if (problems.Count > 0) feedback += " Unreadable: " + string.Join("; ", problems.Take(3)) + ".";
        if (item.Feedback.Incorrect is { } hint) feedback += " " + hint;
        return ItemOutcome.Of(item, points, points > 0 ? MarkStatus.Partial : MarkStatus.Incorrect, feedback, details);
    }

    private static string FormatGrid(IReadOnlyList<string> cells, IReadOnlyList<int> shape)
    {
        if (shape.Count != 2) return "[" + string.Join(", ", cells) + "]";
        var rows = Enumerable.Range(0, shape[0])
            .Select(r => "[" + string.Join(", ", cells.Skip(r * shape[1]).Take(shape[1])) + "]");
        return "[" + string.Join(", ", rows) + "]";
    }
}
