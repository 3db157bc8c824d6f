using Grader.Server.Web;

namespace Grader.Server.Tests.Web;

public sealed class FormatTests
{
    [Theory]
    [InlineData(1, "1 point")]
    [InlineData(2, "2 points")]
    [InlineData(0.5, "0.5 points")]
    [InlineData(0, "0 points")]
    public void Points_of_an_item_are_singular_only_for_one(double points, string text)
    {
        Assert.Equal(text, Format.PointsOf(points));
    }
}
