using Grader.Core.Answers;
using Grader.Core.Documents;
using Grader.Core.Rubrics;

namespace Grader.Core.Checking;

/// <summary>choice items: one option, or a set of options that must match exactly.</summary>
internal static class ChoiceChecker
{
    public static ItemOutcome Check(RubricItem item, ChoiceCheck check, DocNode answer)
    {
        var chosen = answer is DocNode.Sequence list
            ? list.Items.Select(node => AnswerValues.ToText(node).Value).ToList()
            : [AnswerValues.ToText(answer).Value];
        if (chosen.Any(c => c is null))
            return ItemOutcome.Of(item, 0, MarkStatus.Invalid, "Expected an option (or a list of options) written as text.");

        var normalised = chosen.Select(c => Normalise(c!)).Distinct().ToList();
        var unknown = normalised.Where(c => !check.Options.Any(o => Normalise(o) == c)).ToList();
        if (unknown.Count > 0)
            return ItemOutcome.Of(item, 0, MarkStatus.Invalid,
                $"'{unknown[0]}' is not one of the options: {string.Join(", ", check.Options)}.");

        var expected = check.Expected.Select(Normalise).ToHashSet();
        var details = new ItemDetails(string.Join(", ", check.Expected), string.Join(", ", chosen));
        return expected.SetEquals(normalised)
            ? ItemOutcome.Of(item, item.Points, MarkStatus.Correct, item.Feedback.Correct ?? "Correct.", details)
            : ItemOutcome.Of(item, 0, MarkStatus.Incorrect, item.Feedback.Incorrect ?? "Incorrect.", details);
    }

    private static string Normalise(string option) => option.Trim().ToLowerInvariant();
}
