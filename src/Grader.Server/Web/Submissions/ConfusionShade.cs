namespace Grader.Server.Web.Submissions;

/// <summary>
/// The heat-map shade (site.css h0..h9) of a confusion-matrix cell: its share of its row, i.e. of
/// the images of that true class, so a small class's mistakes show as clearly as a large one's.
/// </summary>
public static class ConfusionShade
{
    public static string For(long count, IReadOnlyList<long> row)
    {
        long total = row.Sum();
        return total == 0 ? "h0" : "h" + (int)Math.Round(9.0 * count / total, MidpointRounding.AwayFromZero);
    }
}
