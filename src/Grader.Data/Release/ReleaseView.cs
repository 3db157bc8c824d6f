using Grader.Core.Rubrics;

namespace Grader.Data.Release;

/// <summary>
/// Where an assignment stands with its release policy at one moment: whether staff released it
/// (or some items), whether its deadline has passed. Pure; <see cref="ReleaseViews"/> reads it.
/// </summary>
public sealed record ReleaseView(
    ReleasePolicy Policy,
    DateTimeOffset? ReleasedAt,
    IReadOnlySet<string> ReleasedItems,
    DateTimeOffset? Deadline,
    DateTimeOffset Now)
{
    public bool IsReleased => ReleasedAt is not null;

    public bool DeadlinePassed => Deadline is { } deadline && Now >= deadline;

    /// <summary>Whether students see expected values and the feedback that explains a mistake.</summary>
    public bool ShowsExpected => Policy.ShowExpected switch
    {
        ExpectedRelease.Always => true,
        ExpectedRelease.AfterRelease => IsReleased,
        ExpectedRelease.AfterDeadline => IsReleased || DeadlinePassed,
        _ => false,
    };

    /// <summary>Whether staff released this item's marks, with the assignment or on its own.</summary>
    public bool IsItemReleased(string itemId) => IsReleased || ReleasedItems.Contains(itemId);

    /// <summary>
    /// Whether a student sees a mark's points: released ones always; automatic ones at once unless
    /// the policy holds every mark back. A mark that needs or had a person (an answer awaiting a TA,
    /// a TA's grade, an override) waits for the release of the assignment or its item.
    /// </summary>
    public bool ShowsMark(string itemId, bool byPerson) =>
        IsItemReleased(itemId) || (!byPerson && Policy.Marks == MarksRelease.WhenGraded);
}
