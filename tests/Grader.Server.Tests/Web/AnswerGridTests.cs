using Grader.Server.Web.Submissions;

namespace Grader.Server.Tests.Web;

public sealed class AnswerGridTests
{
    private static string[][] Texts(AnswerGrid grid) => [.. grid.Rows.Select(r => r.Select(c => c.Wrong ? c.Text + "!" : c.Text).ToArray())];

    [Fact]
    public void A_matrix_is_laid_out_in_its_rows_with_the_wrong_flat_indices_marked()
    {
        var grid = AnswerGrid.Of("[[1, 2, 3], [4, 5, 6]]", [2, 3], [1, 5])!;
        Assert.Equal([["1", "2!", "3"], ["4", "5", "6!"]], Texts(grid));
        Assert.Null(grid.RowLabels);
    }

    [Fact]
    public void A_vector_is_one_row()
    {
        Assert.Equal([["-1.5", "2e-05"]], Texts(AnswerGrid.Of("[-1.5, 2e-05]", [2], null)!));
    }

    [Fact]
    public void A_tensor_has_one_labelled_row_per_index_of_its_leading_axes()
    {
        var grid = AnswerGrid.Of("[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]", [2, 2, 2], [6])!;
        Assert.Equal([["1", "2"], ["3", "4"], ["5", "6"], ["7!", "8"]], Texts(grid));
        Assert.Equal(["[0, 0]", "[0, 1]", "[1, 0]", "[1, 1]"], grid.RowLabels);
    }

    [Fact]
    public void A_comma_inside_parentheses_does_not_split_a_formula_cell()
    {
        Assert.Equal([["max(0, x)", "x^2"]], Texts(AnswerGrid.Of("[max(0, x), x^2]", [2], null)!));
    }

    [Theory]
    [InlineData("[1, 2, 3, 4]", new[] { 2, 2 })] // a student's answer with the entries but not the nesting is still laid out
    public void Entries_in_the_right_number_make_a_grid(string text, int[] shape)
    {
        Assert.NotNull(AnswerGrid.Of(text, shape, null));
    }

    [Theory]
    [InlineData("[1, 2, 3]", new[] { 2, 2 })]
    [InlineData("3.5", new int[0])]
    [InlineData("[1, 2", new[] { 2 })]
    [InlineData("1, 2]]", new[] { 2 })]
    [InlineData("x [1, 2]", new[] { 2 })]
    public void A_scalar_a_wrong_count_or_broken_text_is_no_grid(string text, int[] shape)
    {
        Assert.Null(AnswerGrid.Of(text, shape, null));
    }
}
