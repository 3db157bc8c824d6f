using Grader.Core.Answers;

namespace Grader.Core.Tests.Answers;

public class SizeTextTests
{
    [Theory]
    [InlineData("5x2", new double[] { 5, 2 })]
    [InlineData("5 X 2", new double[] { 5, 2 })]
    [InlineData(@"5 \times 2", new double[] { 5, 2 })]
    [InlineData("5 × 2 × 7", new double[] { 5, 2, 7 })]
    [InlineData("5*2", new double[] { 5, 2 })]
    [InlineData(@"\mathbb{R}^{5 \times 2}", new double[] { 5, 2 })]
    [InlineData("R^{3 x (1 x 5 x 3)}", new double[] { 3, 1, 5, 3 })]
    [InlineData("3 x (1 x 5 x 3)", new double[] { 3, 1, 5, 3 })]
    [InlineData("2 x (7 x 5)", new double[] { 2, 7, 5 })]
    public void Sizes_and_lists_of_shapes_read_as_flat_lists(string text, double[] sizes) =>
        Assert.Equal(sizes, SizeText.Read(text));

    [Theory]
    [InlineData("5")]          // one number is no size
    [InlineData("2x")]
    [InlineData("a x b x c")]  // the nyu sheet's placeholder
    [InlineData("5 x (2 x 3")]
    [InlineData("1.5 x 2")]
    [InlineData("1234567890 x 2")]
    public void Anything_else_is_not_a_size(string text) => Assert.Null(SizeText.Read(text));
}
