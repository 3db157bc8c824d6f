using Grader.Core.Answers;
using Grader.Core.Documents;
using Grader.Core.Numerics;

namespace Grader.Core.Tests.Answers;

public class AnswerValuesTests
{
    /// <summary>The answer node of "a: ..." in YAML, so that entry positions are easy to predict.</summary>
    private static DocNode Answer(string yaml) =>
        YamlDocumentReader.Read("a: " + yaml, DocumentLimits.Submission).RequireMapping("root")["a"]!;

    private static NdArray ArrayOf(string yaml)
    {
        var (value, error, _) = AnswerValues.ToArray(Answer(yaml));
        Assert.Null(error);
        return value!;
    }

    private static (string Error, SourcePosition Position) ArrayError(string yaml)
    {
        var result = AnswerValues.ToArray(Answer(yaml));
        Assert.False(result.IsOk);
        Assert.Null(result.Value);
        return (result.Error, result.Position);
    }

    [Fact]
    public void A_number_is_a_scalar()
    {
        Assert.Equal(NdArray.Scalar(-2.5), ArrayOf("-2.5"));
    }

    [Fact]
    public void A_list_is_a_vector()
    {
        Assert.Equal(NdArray.Vector(1, 2, 3), ArrayOf("[1, 2, 3]"));
    }

    [Fact]
    public void Nested_lists_are_a_matrix()
    {
        Assert.Equal(NdArray.Matrix(new double[,] { { 1, 0, -1 }, { 2, 0, -2 } }), ArrayOf("[[1, 0, -1], [2, 0, -2]]"));
    }

    [Fact]
    public void Block_style_lists_work_too()
    {
        var node = YamlDocumentReader.Read("- [1, 2]\n- - 3\n  - 4\n", DocumentLimits.Submission);

        Assert.Equal(NdArray.Matrix(new double[,] { { 1, 2 }, { 3, 4 } }), AnswerValues.ToArray(node).Value);
    }

    [Fact]
    public void Rank_three_arrays_keep_their_shape_row_major()
    {
        var array = ArrayOf("[[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]");

        Assert.Equal([2, 3, 2], array.Shape);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], array.Data);
        Assert.Equal(10, array[1, 1, 1]);
    }

    [Fact]
    public void Json_arrays_convert_the_same_way()
    {
        var node = JsonDocumentReader.Read("[[1.5, 2], [3, 4e-1]]", DocumentLimits.Submission);

        Assert.Equal(NdArray.Matrix(new double[,] { { 1.5, 2 }, { 3, 0.4 } }), AnswerValues.ToArray(node).Value);
    }

    [Theory]
    [InlineData("'3.5'", 3.5)]
    [InlineData("\"-1e-3\"", -0.001)]
    [InlineData("\" 7 \"", 7)]
    [InlineData("'.5'", 0.5)]
    public void Quoted_plain_decimals_are_numbers(string yaml, double expected)
    {
        Assert.Equal(NdArray.Scalar(expected), ArrayOf(yaml));
    }

    [Fact]
    public void Quoted_numbers_inside_lists_are_numbers()
    {
        Assert.Equal(NdArray.Vector(1, 2.5), ArrayOf("[1, \"2.5\"]"));
    }

    [Fact]
    public void Empty_lists_are_empty_arrays()
    {
        Assert.Equal([0], ArrayOf("[]").Shape);
        Assert.Equal([2, 0], ArrayOf("[[], []]").Shape);
    }

    [Fact]
    public void A_ragged_matrix_names_the_row()
    {
        var (error, position) = ArrayError("""
            [[1, 2, 3, 4, 5],
               [1, 2, 3, 4, 5],
               [1, 2, 3, 4]]
            """);

        Assert.Equal("row [2] has 4 entries, expected 5", error);
        Assert.Equal(new SourcePosition(3, 4), position);
    }

    [Fact]
    public void A_ragged_rank_three_array_names_the_index_path()
    {
        var (error, position) = ArrayError("[[[1, 2], [3, 4]], [[5, 6], [7]]]");

        Assert.Equal("list [1][1] has 1 entry, expected 2", error);
        Assert.Equal(new SourcePosition(1, 32), position);
    }

    [Fact]
    public void A_missing_level_is_reported()
    {
        var (error, position) = ArrayError("[[1, 2], 3]");

        Assert.Equal("row [1] is the number 3, expected a list of 2 entries", error);
        Assert.Equal(new SourcePosition(1, 13), position);
    }

    [Fact]
    public void An_extra_level_is_reported()
    {
        var (error, position) = ArrayError("[1, [2, 3]]");

        Assert.Equal("entry [1] is a list of 2 entries, expected a number", error);
        Assert.Equal(new SourcePosition(1, 8), position);
    }

    [Fact]
    public void Text_entries_are_reported_with_their_index()
    {
        var (error, position) = ArrayError("[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, abc]]");

        Assert.Equal("entry [2][3] is text 'abc', expected a number", error);
        Assert.Equal(new SourcePosition(1, 45), position);
    }

    [Theory]
    [InlineData("[[1, 2, 3], [4, 5, .nan]]")]
    [InlineData("[[1, 2, 3], [4, 5, .inf]]")]
    [InlineData("[[1, 2, 3], [4, 5, -.inf]]")]
    [InlineData("[[1, 2, 3], [4, 5, 1e999]]")]
    [InlineData("[[1, 2, 3], [4, 5, '1e999']]")]
    public void Non_finite_entries_are_refused(string yaml)
    {
        var (error, position) = ArrayError(yaml);

        Assert.Equal("entry [1][2] is not a finite number", error);
        Assert.Equal(new SourcePosition(1, 23), position);
    }

    [Fact]
    public void A_non_finite_scalar_is_refused()
    {
        Assert.Equal(("the answer is not a finite number", new SourcePosition(1, 4)), ArrayError(".inf"));
    }

    [Fact]
    public void Booleans_are_not_numbers()
    {
        Assert.Equal("entry [1] is the boolean true, expected a number", ArrayError("[1, true]").Error);
    }

    [Fact]
    public void Empty_entries_are_not_numbers()
    {
        Assert.Equal("entry [1] is empty, expected a number", ArrayError("[1, ~]").Error);
        Assert.Equal("the answer is empty, expected a number", ArrayError("").Error);
    }

    [Theory]
    [InlineData("'NaN'", "the answer is text 'NaN', expected a number")]
    [InlineData("'0x10'", "the answer is text '0x10', expected a number")]
    [InlineData("'1,5'", "the answer is text '1,5', expected a number")]
    [InlineData("'2*3'", "the answer is text '2*3', expected a number")]
    public void Only_plain_decimals_count_as_quoted_numbers(string yaml, string error)
    {
        Assert.Equal(error, ArrayError(yaml).Error);
    }

    [Fact]
    public void A_mapping_is_not_an_array()
    {
        Assert.Equal("the answer is a mapping, expected a number or a list", ArrayError("{x: 1}").Error);
    }

    [Fact]
    public void Success_reports_the_answer_position()
    {
        Assert.Equal(new SourcePosition(1, 4), AnswerValues.ToArray(Answer("[1, 2]")).Position);
    }

    [Fact]
    public void Arrays_over_the_element_limit_are_refused()
    {
        // A hand-built tree: a real file this big would already fail the document limits.
        var position = new SourcePosition(1, 1);
        var row = new DocNode.Sequence(
            Enumerable.Repeat<DocNode>(new DocNode.Scalar("1", false, position), 2001).ToArray(), position);
        var matrix = new DocNode.Sequence(Enumerable.Repeat<DocNode>(row, 2000).ToArray(), position);

        Assert.Equal("the answer has more than 4000000 entries (the limit)", AnswerValues.ToArray(matrix).Error);
    }

    [Fact]
    public void Text_matrix_keeps_formulas_and_number_text()
    {
        var result = AnswerValues.ToTextMatrix(Answer("[[w1, \"w2\", 0], [1.50, 'x*y', -3]]"));

        Assert.True(result.IsOk);
        Assert.Equal([2, 3], result.Value.Shape);
        Assert.Equal(["w1", "w2", "0", "1.50", "x*y", "-3"], result.Value.Cells);
        Assert.Equal("x*y", result.Value[1, 1]);
    }

    [Fact]
    public void Text_matrix_must_be_rectangular()
    {
        var result = AnswerValues.ToTextMatrix(Answer("[[a, b], [c]]"));

        Assert.Equal("row [1] has 1 entry, expected 2", result.Error);
        Assert.Equal(new SourcePosition(1, 13), result.Position);
    }

    [Fact]
    public void Text_matrix_refuses_empty_cells()
    {
        Assert.Equal("entry [0][1] is empty, expected a number or text",
            AnswerValues.ToTextMatrix(Answer("[[a, ~]]")).Error);
    }

    [Fact]
    public void Text_of_a_number_is_its_source_text()
    {
        Assert.Equal("1.50", AnswerValues.ToText(Answer("1.50")).Value);
        Assert.Equal("floor((H + 2*p - k)/s) + 1", AnswerValues.ToText(Answer("\"floor((H + 2*p - k)/s) + 1\"")).Value);
    }

    [Fact]
    public void Text_of_a_list_is_an_error()
    {
        var result = AnswerValues.ToText(Answer("[1, 2]"));

        Assert.Equal("the answer is a list of 2 entries, expected a single value", result.Error);
        Assert.Equal(new SourcePosition(1, 4), result.Position);
        Assert.Equal("a.yaml:1:4: the answer is a list of 2 entries, expected a single value", result.Describe("a.yaml"));
    }

    [Theory]
    [InlineData("\"x + 1\"", "x + 1")]
    [InlineData("floor(H / 2)", "floor(H / 2)")]
    [InlineData("'42'", "42")]
    public void Try_get_text_accepts_text(string yaml, string expected)
    {
        Assert.True(AnswerValues.TryGetText(Answer(yaml), out var text));
        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("")]
    [InlineData("[a]")]
    public void Try_get_text_refuses_numbers_empties_and_lists(string yaml)
    {
        Assert.False(AnswerValues.TryGetText(Answer(yaml), out var text));
        Assert.Null(text);
    }
}
