using Grader.Core.Answers;

namespace Grader.Core.Tests.Answers;

public class TextMatrixTests
{
    [Theory]
    [InlineData("[[w1, w2, 0], [0, w1, w2]]")]
    [InlineData("[w1, w2, 0; 0, w1, w2]")]
    [InlineData("[w1 w2 0; 0 w1 w2]")]
    [InlineData("w1 w2 0\n0 w1 w2")]
    [InlineData("w1, w2, 0\n0, w1, w2\n")]
    [InlineData(@"\begin{bmatrix} w1 & w2 & 0 \\ 0 & w1 & w2 \end{bmatrix}")]
    [InlineData(@"\left[\begin{pmatrix} w1 & w2 & 0 \\ 0 & w1 & w2 \\ \end{pmatrix}\right]")]
    public void Layouts_students_paste_give_the_same_entries(string text)
    {
        var rows = TextMatrix.Split(text);
        Assert.NotNull(rows);
        Assert.Equal([["w1", "w2", "0"], ["0", "w1", "w2"]], rows);
    }

    [Fact]
    public void Brackets_inside_an_entry_are_respected() =>
        Assert.Equal([["f(a, b)", "c + d"]], TextMatrix.Split("[f(a, b), c + d]"));

    [Theory]
    [InlineData("(1 + 2) * 3")]        // a product, not a row of entries
    [InlineData("-1/3 (log 0.2 + log 0.5)")]
    [InlineData("(x)")]
    [InlineData("w1")]
    [InlineData("[[1, 2], [3, 4]")]    // unbalanced
    public void Text_that_is_not_a_matrix_is_left_alone(string text) => Assert.Null(TextMatrix.Split(text));

    [Fact]
    public void Rows_of_different_lengths_are_named()
    {
        var rows = TextMatrix.Split("1 2 3\n4 5")!;
        Assert.Equal("the rows of the matrix have different lengths (3, 2 entries)", TextMatrix.Ragged(rows));
        Assert.Null(TextMatrix.Ragged(TextMatrix.Split("1 2\n3 4")!));
    }
}
