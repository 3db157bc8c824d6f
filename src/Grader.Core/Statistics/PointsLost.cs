namespace Grader.Core.Statistics;

/// <summary>An item's marks: the points each student got, and the most they could.</summary>
public sealed record ItemScores(string ItemId, double MaxPoints, bool Bonus, IReadOnlyList<double> Points);

/// <summary>Where students lost points on one item, in all and per student.</summary>
public sealed record ItemLoss(string ItemId, double PointsLost, double MeanLost, int StudentsBelowFull);

public static class PointsLost
{
    /// <summary>
    /// Items by the points students lost on them in all, most first: where a rubric mistake or a
    /// common misconception costs the most. Bonus items are left out (nobody loses a bonus), as are
    /// items without marks; ties go by item order.
    /// </summary>
    public static IReadOnlyList<ItemLoss> Rank(IEnumerable<ItemScores> items) =>
        items.Where(i => !i.Bonus && i.Points.Count > 0)
            .Select((i, order) => (order, loss: Of(i)))
            .OrderByDescending(x => x.loss.PointsLost).ThenBy(x => x.order)
            .Select(x => x.loss)
            .ToList();

    public static ItemLoss Of(ItemScores item)
    {
        // More than the maximum (an override) loses nothing, it does not make up for others.
        var lost = item.Points.Select(p => Math.Max(0, item.MaxPoints - p)).ToList();
        double total = Math.Round(lost.Sum(), 6);
        return new ItemLoss(item.ItemId, total, lost.Count == 0 ? 0 : Math.Round(total / lost.Count, 6),
            lost.Count(l => l > 1e-9));
    }
}
