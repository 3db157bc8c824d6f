using Grader.Core.Numerics;

namespace Grader.Core.Tests.Numerics;

public class NdArrayTests
{
    [Fact]
    public void Matrix_is_stored_row_major()
    {
        var m = NdArray.Matrix(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal([2, 3], m.Shape);
        Assert.Equal(6, m[1, 2]);
        Assert.Equal(2, m.At(0, 1));
    }

    [Fact]
    public void Constructor_rejects_data_that_does_not_fit_the_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => new NdArray([2, 2], [1, 2, 3]));
        Assert.Contains("2x2", e.Message);
    }

    [Fact]
    public void Hostile_shapes_are_refused_before_allocating()
    {
        Assert.Throws<ArgumentException>(() => NdArray.Zeros(100_000, 100_000));
    }

    [Theory]
    [InlineData(new int[0], "scalar")]
    [InlineData(new[] { 5 }, "5")]
    [InlineData(new[] { 5, 4 }, "5x4")]
    public void Shapes_are_formatted_as_people_write_them(int[] shape, string expected) =>
        Assert.Equal(expected, NdArray.FormatShape(shape));

    [Fact]
    public void Formatting_writes_nested_lists()
    {
        var m = NdArray.Matrix(new double[,] { { 1, -2.5 }, { 0.125, 4 } });
        Assert.Equal("[[1, -2.5], [0.125, 4]]", m.ToString());
    }
}
