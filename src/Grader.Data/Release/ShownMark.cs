using Grader.Core.Checking;

namespace Grader.Data.Release;

/// <summary>
/// A mark as one viewer may see it. For a student, an item held back has no points, the status
/// <see cref="StudentMarks.BeingGraded"/> and only their own answer in its details.
/// </summary>
public sealed record ShownMark(
    string ItemId,
    double? Points,
    double MaxPoints,
    bool Bonus,
    string Status,
    string Source,
    string Feedback,
    ItemDetails? Details)
{
    public bool Hidden => Points is null;

    /// <summary>The criteria a TA ticked for this answer, with their points; none for automatic marks.</summary>
    public IReadOnlyList<AppliedCriterion> Criteria { get; init; } = [];
}

/// <summary>A criterion ticked for an answer, as its student and staff see it.</summary>
public sealed record AppliedCriterion(string Description, double Points);

/// <summary>A submission's marks as one viewer may see them: status, items, total.</summary>
public sealed record MarksView(string Status, IReadOnlyList<ShownMark> Items, double Total, double MaxTotal, int Pending, bool ExpectedShown)
{
    /// <summary>Null before any mark is shown (queued, failed, or everything held back).</summary>
    public double? ShownTotal => Items.Any(i => !i.Hidden) ? Total : null;
}
