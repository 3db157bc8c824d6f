using Grader.Core.Checking;
using static Grader.Core.Tests.Checking.GradingHarness;

namespace Grader.Core.Tests.Checking;

public class NumericCheckingTests
{
    private const string Matrix2x2 = """
        kind: matrix
        expected: [[1, 2], [3, 4]]
        """;

    [Fact]
    public void Exact_matrix_answer_earns_full_points()
    {
        var result = GradeOne(Matrix2x2, "[[1, 2], [3, 4]]");
        Assert.Equal(MarkStatus.Correct, result.Status);
        Assert.Equal(2, result.Points);
    }

    [Fact]
    public void Shape_is_checked_before_values()
    {
        var result = GradeOne(Matrix2x2, "[[1, 2, 0], [3, 4, 0]]");
        Assert.Equal(MarkStatus.Incorrect, result.Status);
        Assert.Equal(0, result.Points);
        Assert.Contains("Expected a 2x2 matrix, got 2x3.", result.Feedback);
    }

    [Fact]
    public void Proportional_credit_counts_right_entries()
    {
        var result = GradeOne(Matrix2x2, "[[1, 2], [3, 5]]");
        Assert.Equal(MarkStatus.Partial, result.Status);
        // 3 of 4 entries right; the four values differ, so a constant answer gets 1 right and
        // credit is 2 points x (3 - 1)/(4 - 1).
        Assert.Equal(4.0 / 3, result.Points, 5);
        Assert.Contains("(2, 2)", result.Feedback);
        Assert.Equal([3], result.Details!.WrongEntries!);
    }

    [Fact]
    public void All_or_nothing_gives_nothing_for_one_wrong_entry()
    {
        var result = GradeOne(Matrix2x2 + "\npartial: all_or_nothing", "[[1, 2], [3, 5]]");
        Assert.Equal(0, result.Points);
        Assert.Equal(MarkStatus.Incorrect, result.Status);
    }

    [Fact]
    public void Column_answer_to_a_vector_question_is_accepted()
    {
        var result = GradeOne("kind: vector\nexpected: [1, 2, 3]", "[[1], [2], [3]]");
        Assert.Equal(MarkStatus.Correct, result.Status);
    }

    [Theory]
    [InlineData("0.803", MarkStatus.Correct)]       // three significant figures of 0.80265
    [InlineData("0.8026", MarkStatus.Correct)]
    [InlineData("0.81", MarkStatus.Incorrect)]      // 0.9% off: beyond the 0.5% default
    [InlineData("\"-(ln(0.2) + ln(0.5) + ln(0.9))/3\"", MarkStatus.Correct)]
    public void Default_tolerance_accepts_three_significant_figures(string answer, MarkStatus expected)
    {
        // J = -(ln 0.2 + ln 0.5 + ln 0.9)/3 = (1.609438 + 0.693147 + 0.105361)/3 = 0.802649
        var result = GradeOne("kind: number\nexpected: 0.802649", answer);
        Assert.Equal(expected, result.Status);
    }

    [Theory]
    [InlineData("0.80", MarkStatus.Correct)]
    [InlineData("0.79", MarkStatus.Incorrect)]
    public void Significant_figures_tolerance_allows_half_a_unit_in_the_last_place(string answer, MarkStatus expected)
    {
        var result = GradeOne("kind: number\nexpected: 0.802649\ntolerance: { sigfigs: 2 }", answer);
        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public void Absolute_tolerance_is_honoured()
    {
        Assert.Equal(MarkStatus.Correct, GradeOne("kind: number\nexpected: 10\ntolerance: { abs: 0.5 }", "10.4").Status);
        Assert.Equal(MarkStatus.Incorrect, GradeOne("kind: number\nexpected: 10\ntolerance: { abs: 0.5 }", "10.6").Status);
    }

    [Theory]
    [InlineData("[5, 2]")]
    [InlineData("\"5x2\"")]
    [InlineData("\"5 × 2\"")]
    public void Integer_sizes_may_be_written_as_lists_or_with_x(string answer)
    {
        var result = GradeOne("kind: integer\nexpected: [5, 2]", answer);
        Assert.Equal(MarkStatus.Correct, result.Status);
    }

    [Fact]
    public void Integer_items_are_exact()
    {
        var result = GradeOne("kind: integer\nexpected: 61706", "61706.4");
        Assert.Equal(MarkStatus.Incorrect, result.Status);
    }

    [Fact]
    public void Numeric_answers_may_not_call_the_reference_library()
    {
        // Otherwise "conv2d(X, K)" would hand the question back to the grader.
        var result = GradeOne("kind: number\nexpected: 1", "\"relu(1)\"");
        Assert.Equal(MarkStatus.Invalid, result.Status);
    }

    [Fact]
    public void Text_inside_a_matrix_is_reported_with_its_position()
    {
        var result = GradeOne(Matrix2x2, "[[1, 2], [3, abc]]");
        Assert.Equal(MarkStatus.Invalid, result.Status);
        Assert.Contains("abc", result.Feedback);
    }

    [Theory]
    [InlineData(".nan")]
    [InlineData(".inf")]
    public void Non_finite_numbers_are_refused(string answer)
    {
        var result = GradeOne("kind: number\nexpected: 1", answer);
        Assert.Equal(MarkStatus.Invalid, result.Status);
        Assert.Equal(0, result.Points);
    }

    [Fact]
    public void Anticipated_mistakes_get_their_own_feedback()
    {
        var result = GradeOne("""
            kind: number
            expected: 8
            mistakes:
              - expected: 7
                feedback: "You forgot the +1."
                points: 0.5
            """, "7");
        Assert.Equal(0.5, result.Points);
        Assert.Equal("You forgot the +1.", result.Feedback);
    }

    [Fact]
    public void Expected_values_may_be_computed_from_inputs()
    {
        var result = GradeOne("kind: number\nexpected: \"sum(A) + 1\"", "11", extraTop: "inputs:\n  A: [1, 2, 3, 4]");
        Assert.Equal(MarkStatus.Correct, result.Status);
    }

    [Theory]
    [InlineData("\"[1 2; 3 4]\"")]
    [InlineData("|\n  1 2\n  3 4")]
    [InlineData("\"[[1, 2], [3, 4]]\"")]
    public void A_matrix_may_be_written_as_text(string answer) =>
        Assert.Equal(MarkStatus.Correct, GradeOne("kind: matrix\nexpected: [[1, 2], [3, 4]]", answer).Status);

    [Fact]
    public void A_ragged_text_matrix_is_refused_with_the_row_lengths()
    {
        var result = GradeOne("kind: matrix\nexpected: [[1, 2], [3, 4]]", "\"[1 2; 3]\"");
        Assert.Equal(MarkStatus.Invalid, result.Status);
        Assert.Contains("different lengths (2, 1 entries)", result.Feedback);
    }

    [Theory]
    [InlineData("61,706", 61706)]
    [InlineData("\"1,234,567\"", 1234567)]
    public void Thousands_separators_where_one_number_is_asked(string answer, double value) =>
        Assert.Equal(MarkStatus.Correct, GradeOne($"kind: integer\nexpected: {value}", answer).Status);

    [Fact]
    public void A_comma_pair_where_two_numbers_are_asked_is_a_list() =>
        Assert.Equal(MarkStatus.Correct, GradeOne("kind: integer\nexpected: [61, 706]", "61,706").Status);
}
