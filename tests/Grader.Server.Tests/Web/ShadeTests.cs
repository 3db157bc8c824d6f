using Grader.Server.Web;
using Grader.Server.Web.Submissions;

namespace Grader.Server.Tests.Web;

public sealed class ShadeTests
{
    [Theory]
    [InlineData(3, 3, "correct", "s4")]
    [InlineData(2.25, 3, "partial", "s3")]
    [InlineData(1.5, 3, "partial", "s2")]
    [InlineData(0.5, 3, "partial", "s1")]
    [InlineData(0, 3, "incorrect", "s0")]
    [InlineData(1, 0, "correct", "s4")] // a bonus item worth nothing in the total
    [InlineData(0, 2, "pending_manual", "pending")]
    [InlineData(0, 2, "pending_model", "pending")]
    [InlineData(0, 2, "error", "error")]
    public void A_score_cell_is_shaded_by_its_share_of_the_points_unless_it_is_not_a_score(double points, double max, string result, string shade)
    {
        Assert.Equal(shade, ScoreShade.For(points, max, result));
    }

    [Theory]
    [InlineData(90, new long[] { 90, 5, 5 }, "h8")] // 9 x 0.9 = 8.1
    [InlineData(5, new long[] { 90, 5, 5 }, "h0")]  // 9 x 0.05 = 0.45
    [InlineData(1, new long[] { 1, 1 }, "h5")]      // 9 x 0.5 = 4.5, rounded up
    [InlineData(7, new long[] { 7 }, "h9")]
    [InlineData(0, new long[] { 0, 0 }, "h0")]      // a class without images
    public void A_confusion_cell_is_shaded_by_its_share_of_its_row(long count, long[] row, string shade)
    {
        Assert.Equal(shade, ConfusionShade.For(count, row));
    }
}
