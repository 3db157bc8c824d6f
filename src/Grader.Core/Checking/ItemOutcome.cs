using Grader.Core.Numerics;
using Grader.Core.Rubrics;

namespace Grader.Core.Checking;

/// <summary>
/// A checker's verdict plus the reference and the student's values, which later items may build on
/// (follow-through).
/// </summary>
internal sealed record ItemOutcome(ItemResult Result, NdArray? StudentValue = null, NdArray? ReferenceValue = null)
{
    public static ItemOutcome Of(RubricItem item, double points, MarkStatus status, string feedback, ItemDetails? details = null) =>
        new(new ItemResult(item.Id, Math.Round(points, 6), item.Points, item.Bonus, status, feedback, details));
}
