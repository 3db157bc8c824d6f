using Grader.Core.Marking;

namespace Grader.Core.Tests.Marking;

public class PointsFormatTests
{
    [Theory]
    [InlineData(1.625, "1.63")]   // the case: halves go up, not to the even neighbour
    [InlineData(0.285, "0.29")]   // the double nearest 0.285 is 0.28499999...: rounded as written
    [InlineData(-1.625, "-1.63")]
    [InlineData(1.624999, "1.62")]
    [InlineData(2.5, "2.5")]
    [InlineData(3, "3")]
    [InlineData(0.125, "0.13")]
    [InlineData(0, "0")]
    public void Points_round_half_away_from_zero_to_two_decimals(double points, string shown) =>
        Assert.Equal(shown, PointsFormat.Format(points));

    [Fact]
    public void More_decimals_follow_the_same_rule() =>
        Assert.Equal("0.0313", PointsFormat.Format(0.03125, 4));

    [Fact]
    public void Round_gives_the_number_that_is_shown() =>
        Assert.Equal(1.63, PointsFormat.Round(1.625));
}
