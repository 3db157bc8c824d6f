namespace Grader.Core.Statistics;

/// <summary>One student's answer that did not earn full marks: what they gave and what they were told.</summary>
public sealed record WrongAnswer(string Given, string Feedback, double Points);

/// <summary>
/// Students who gave the same wrong answer (after <see cref="AnswerText.Normalize"/>): the answer
/// as most of them wrote it, how many, the feedback most of them got and the points it scored.
/// </summary>
public sealed record WrongAnswerGroup(string Answer, int Count, string ExampleFeedback, double Points);

public static class WrongAnswers
{
    /// <summary>
    /// The <paramref name="limit"/> most common wrong answers, most common first (ties in answer
    /// order, so the page is stable). A group of one is kept: with few students it still shows a
    /// misconception, and the count says how common it is.
    /// </summary>
    public static IReadOnlyList<WrongAnswerGroup> Group(IEnumerable<WrongAnswer> answers, int limit = 5) =>
        answers.GroupBy(a => AnswerText.Normalize(a.Given), StringComparer.Ordinal)
            .Select(g => new WrongAnswerGroup(
                MostCommon(g.Select(a => a.Given)), g.Count(), MostCommon(g.Select(a => a.Feedback)), MostCommon(g.Select(a => a.Points))))
            .OrderByDescending(g => g.Count).ThenBy(g => AnswerText.Normalize(g.Answer), StringComparer.Ordinal)
            .Take(limit)
            .ToList();

    /// <summary>The most frequent value; among equally frequent ones the first seen.</summary>
    private static T MostCommon<T>(IEnumerable<T> values) where T : notnull =>
        values.Select((value, index) => (value, index))
            .GroupBy(x => x.value)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.First().index)
            .First().Key;
}
