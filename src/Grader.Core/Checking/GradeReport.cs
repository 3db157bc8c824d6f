using Grader.Core.Answers;

namespace Grader.Core.Checking;

/// <summary>All marks of one submission against one rubric version.</summary>
public sealed record GradeReport(
    string RubricId,
    string RubricHash,
    StudentIdentity? Student,
    IReadOnlyList<ItemResult> Items,
    IReadOnlyList<string> Warnings)
{
    public double Total => Items.Sum(i => i.Points);

    /// <summary>The points available without bonus items: the assignment's total.</summary>
    public double MaxTotal => Items.Where(i => !i.Bonus).Sum(i => i.MaxPoints);

    public int PendingCount => Items.Count(i => !i.IsFinal);

    public ItemResult? this[string itemId] => Items.FirstOrDefault(i => i.ItemId == itemId);
}
