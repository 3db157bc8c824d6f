using Grader.Core.Documents;
using Grader.Core.Marking;
using Grader.Core.Numerics;
using Grader.Core.Rubrics;

namespace Grader.Core.Checking;

/// <summary>number, vector, matrix, tensor and integer items.</summary>
internal static class NumericChecker
{
    private const int ListedWrongEntries = 8;

    public static ItemOutcome Check(RubricItem item, NumericCheck check, DocNode answer, GradingScope scope)
    {
        if (Unavailable(check.Expected, scope) is { } reason)
            return ItemOutcome.Of(item, 0, MarkStatus.Error, reason);
        var expected = ExpectedValues.TryCompute(check.Expected, scope.Reference, out var error);
        if (expected is null)
            return ItemOutcome.Of(item, 0, MarkStatus.Error, $"The expected value could not be computed ({error}); staff have been told.");

        var given = NumericAnswerReader.Read(answer, expected.Shape, out var readError);
        if (given is null)
            return ItemOutcome.Of(item, 0, MarkStatus.Invalid, $"Your answer could not be read: {readError}.") with { ReferenceValue = expected };

        var tolerance = check.Exact ? Tolerance.Exact : check.Tolerance;
        var kindName = item.Kind.ToString().ToLowerInvariant();
        var comparison = Compare(check, expected, given, tolerance, kindName, scope.Reference);
        var details = new ItemDetails(expected.ToString(), given.ToString(), expected.Shape, comparison.WrongEntries);
        var outcome = Verdict(item, check, comparison, expected.Shape, details) with { StudentValue = given, ReferenceValue = expected };

        if (comparison.AllRight) return outcome;

        // A foreseen mistake is the author's judgement of exactly this answer, so it replaces the
        // entry-by-entry credit; only an error carried forward that is worth more beats it.
        if (MatchMistake(item, check, given, scope, tolerance, kindName, details) is { } mistake)
            outcome = mistake with { StudentValue = given, ReferenceValue = expected };
        if (item.FollowThrough is { } factor
            && FollowThrough(item, check, given, expected, scope, tolerance, kindName, factor, details) is { } carried
            && carried.Result.Points > outcome.Result.Points)
            outcome = carried with { StudentValue = given, ReferenceValue = expected };
        return outcome;
    }

    private static ItemOutcome Verdict(RubricItem item, NumericCheck check, ArrayComparison comparison, int[] shape, ItemDetails details)
    {
        if (!comparison.ShapeMatches)
            return ItemOutcome.Of(item, 0, MarkStatus.Incorrect, Capitalise(comparison.ShapeError!) + ".", details);
        if (comparison.AllRight)
            return ItemOutcome.Of(item, item.Points, MarkStatus.Correct, item.Feedback.Correct ?? "Correct.", details);

        double points = ArrayComparison.Score(comparison, check.Partial, item.Points);
        var feedback = comparison.EntryCount == 1
            ? "Incorrect."
            : $"{comparison.RightEntries} of {comparison.EntryCount} entries are right; wrong at {ListPositions(shape, comparison.WrongEntries)}.";
        feedback += comparison.BaselineNote(check.Partial);
        if (item.Feedback.Incorrect is { } hint) feedback += " " + hint;
        return ItemOutcome.Of(item, points, points > 0 ? MarkStatus.Partial : MarkStatus.Incorrect, feedback, details);
    }

    /// <summary>Entry by entry; where credit is proportional, with the no-work baseline of the scope the expected value came from.</summary>
    private static ArrayComparison Compare(NumericCheck check, NdArray expected, NdArray given, Tolerance tolerance,
        string kindName, Grader.Core.Expressions.Scope scope)
    {
        var comparison = ArrayComparison.Compare(expected, given, tolerance, kindName);
        return comparison.AllRight || !comparison.ShapeMatches || check.Partial != PartialCredit.Proportional
            ? comparison
            : comparison with { NoWorkRight = NoWorkBaseline.Of(expected, tolerance, check.Expected, scope) };
    }

    private static ItemOutcome? FollowThrough(RubricItem item, NumericCheck check, NdArray given, NdArray expected,
        GradingScope scope, Tolerance tolerance, string kindName, double factor, ItemDetails details)
    {
        var carried = ExpectedValues.TryCompute(check.Expected, scope.Student, out _);
        if (carried is null || carried.Equals(expected)) return null;
        var comparison = Compare(check, carried, given, tolerance, kindName, scope.Student);
        double points = ArrayComparison.Score(comparison, check.Partial, item.Points) * factor;
        if (points <= 0) return null;
        var basis = string.Join(", ", item.DependsOn);
        var feedback = comparison.AllRight
            ? $"Consistent with your own earlier answer ({basis}): error carried forward, {PointsFormat.Format(points)} of {PointsFormat.Format(item.Points)} points."
            : $"Partly consistent with your own earlier answer ({basis}): {comparison.RightEntries} of {comparison.EntryCount} entries follow from it.";
        return ItemOutcome.Of(item, points, MarkStatus.FollowThrough, feedback,
            details with { Expected = expected.ToString() });
    }

    /// <summary>
    /// A foreseen mistake, computed from the reference values or, where the item carries errors
    /// forward, from the student's own earlier answers (then worth its points times the factor).
    /// </summary>
    private static ItemOutcome? MatchMistake(RubricItem item, NumericCheck check, NdArray given, GradingScope scope,
        Tolerance tolerance, string kindName, ItemDetails details)
    {
        bool Matches(AnticipatedMistake mistake, Grader.Core.Expressions.Scope values) =>
            ExpectedValues.TryCompute(mistake.Value, values, out _) is { } value
            && ArrayComparison.Compare(value, given, tolerance, kindName).AllRight;

        foreach (var mistake in check.Mistakes)
            if (Matches(mistake, scope.Reference))
                return ItemOutcome.Of(item, mistake.Points, mistake.Points > 0 ? MarkStatus.Partial : MarkStatus.Incorrect,
                    mistake.Feedback, details);
        if (item.FollowThrough is not { } factor) return null;
        foreach (var mistake in check.Mistakes)
        {
            if (mistake.Value is not ExpectedValue.Computed || !Matches(mistake, scope.Student)) continue;
            double points = mistake.Points * factor;
            return ItemOutcome.Of(item, points, points > 0 ? MarkStatus.FollowThrough : MarkStatus.Incorrect,
                $"{mistake.Feedback} (Judged with your own earlier answer to {string.Join(", ", item.DependsOn)}.)", details);
        }
        return null;
    }

    private static string? Unavailable(ExpectedValue expected, GradingScope scope) =>
        expected is ExpectedValue.Computed computed ? scope.WhyUnavailable(computed.Expression) : null;

    private static string ListPositions(int[] shape, IReadOnlyList<int> wrong)
    {
        var listed = wrong.Take(ListedWrongEntries).Select(i => ArrayComparison.Position(shape, i));
        var text = string.Join(", ", listed);
        return wrong.Count > ListedWrongEntries ? $"{text} and {wrong.Count - ListedWrongEntries} more" : text;
    }


    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
