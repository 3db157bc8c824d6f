using Grader.Core.Rubrics;

namespace Grader.Core.Tests.Rubrics;

public class ToleranceTests
{
    [Theory]
    [InlineData(100.0, 100.4, true)]   // within 0.5%
    [InlineData(100.0, 100.6, false)]
    [InlineData(0.0, 1e-7, true)]      // absolute floor for expected zero
    [InlineData(0.0, 1e-5, false)]
    public void Default_tolerance_is_half_a_percent_with_a_tiny_absolute_floor(double expected, double actual, bool accepted) =>
        Assert.Equal(accepted, Tolerance.Default.Accepts(expected, actual));

    [Theory]
    [InlineData(1234.0, 1230.0, 3, true)]    // last place is 10: within 5
    [InlineData(1234.0, 1240.0, 3, false)]
    [InlineData(0.0123456, 0.0123, 3, true)]
    public void Significant_figures(double expected, double actual, int figures, bool accepted) =>
        Assert.Equal(accepted, new Tolerance(null, null, figures).Accepts(expected, actual));

    [Fact]
    public void Non_finite_answers_are_never_accepted()
    {
        Assert.False(new Tolerance(double.MaxValue, null, null).Accepts(1, double.NaN));
        Assert.False(Tolerance.Default.Accepts(1, double.PositiveInfinity));
    }
}
