namespace Grader.Server.Web;

/// <summary>
/// The site.css class of a score cell: s0 (nothing) to s4 (full points), so a column of a gradebook
/// or a list of items reads at a glance; cells still waiting for a TA or a model, or broken, are
/// marked instead of shaded, since their 0 is not a score.
/// </summary>
public static class ScoreShade
{
    public static string For(double points, double maxPoints, string result) => result switch
    {
        "pending_manual" or "pending_model" => "pending",
        "error" => "error",
        _ => Fraction(points, maxPoints),
    };

    private static string Fraction(double points, double maxPoints)
    {
        // A bonus item may be worth 0 in the total but still earn points.
        double fraction = maxPoints > 0 ? points / maxPoints : points > 0 ? 1 : 0;
        return fraction switch
        {
            >= 1 - 1e-9 => "s4",
            >= 0.75 => "s3",
            >= 0.5 => "s2",
            > 0 => "s1",
            _ => "s0",
        };
    }
}
