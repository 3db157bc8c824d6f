using Grader.Core.Marking;

namespace Grader.Server.Grading.Manual;

/// <summary>One answer to a text item in the manual-grading queue: awaiting a TA, or graded by one.</summary>
public sealed record QueuedAnswer(
    long MarkId,
    Guid SubmissionId,
    string StudentName,
    string StudentExternalId,
    string Given,
    double Points,
    double MaxPoints,
    string Result,
    string Feedback,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    bool Ungrouped,
    double? Adjustment,
    string? StaffNote,
    long? GradedBy)
{
    public bool IsPending => Result == ManualGrading.Pending;

    /// <summary>Answers with the same key are graded together; one taken out of its group is alone.</summary>
    public string GroupKey => Ungrouped ? "#" + MarkId : AnswerGroupKey.Of(Given);
}

/// <summary>Answers that read the same (<see cref="AnswerGroupKey"/>), graded once for all; the first submitted stands for them.</summary>
public sealed record AnswerGroup(int Number, IReadOnlyList<QueuedAnswer> Answers)
{
    public QueuedAnswer First => Answers[0];

    public int Pending => Answers.Count(a => a.IsPending);

    /// <summary>The answer whose grading the page shows for the group: a graded one if there is any.</summary>
    public QueuedAnswer Shown => Answers.FirstOrDefault(a => !a.IsPending) ?? First;
}

/// <summary>
/// An item's answers in queue order (oldest submission first), as groups, with the way through
/// them: previous, next, and the next group with an answer still awaiting a TA. Pure.
/// </summary>
public sealed class AnswerQueue
{
    private readonly Dictionary<long, AnswerGroup> byMark;

    public IReadOnlyList<AnswerGroup> Groups { get; }

    private AnswerQueue(IReadOnlyList<AnswerGroup> groups)
    {
        Groups = groups;
        byMark = groups.SelectMany(g => g.Answers.Select(a => (a.MarkId, g))).ToDictionary(x => x.MarkId, x => x.g);
    }

    public static AnswerQueue Build(IEnumerable<QueuedAnswer> answers)
    {
        var ordered = answers.OrderBy(a => a.SubmittedAt).ThenBy(a => a.MarkId).ToList();
        // GroupBy keeps the order of first appearance, so groups come in the order of their first answer.
        var groups = ordered.GroupBy(a => a.GroupKey, StringComparer.Ordinal)
            .Select((g, i) => new AnswerGroup(i + 1, g.ToList()))
            .ToList();
        return new AnswerQueue(groups);
    }

    public int Total => Groups.Sum(g => g.Answers.Count);

    public int Graded => Total - Groups.Sum(g => g.Pending);

    public AnswerGroup? GroupOf(long markId) => byMark.GetValueOrDefault(markId);

    public AnswerGroup? Previous(AnswerGroup group) => group.Number > 1 ? Groups[group.Number - 2] : null;

    public AnswerGroup? Next(AnswerGroup group) => group.Number < Groups.Count ? Groups[group.Number] : null;

    /// <summary>
    /// The first group after <paramref name="after"/> (from the start without one) with an answer
    /// awaiting a TA, wrapping round so skipped groups come back; never <paramref name="after"/>
    /// itself. Null when none is left.
    /// </summary>
    public AnswerGroup? NextUngraded(AnswerGroup? after)
    {
        int start = after?.Number ?? 0;
        for (int i = 0; i < Groups.Count; i++)
        {
            var group = Groups[(start + i) % Groups.Count];
            if (group != after && group.Pending > 0) return group;
        }
        return null;
    }
}
