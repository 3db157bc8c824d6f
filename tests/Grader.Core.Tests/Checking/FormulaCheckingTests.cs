using Grader.Core.Checking;
using static Grader.Core.Tests.Checking.GradingHarness;

namespace Grader.Core.Tests.Checking;

public class FormulaCheckingTests
{
    private const string OutputSize = """
        kind: formula
        expected: "floor((H + 2*p - k)/s) + 1"
        variables:
          H: { integer: [5, 64] }
          k: { integer: [1, 7] }
          p: { integer: [0, 3] }
          s: { integer: [1, 4] }
        where: "H + 2*p >= k"
        """;

    [Theory]
    [InlineData("\"floor((H - k + 2p)/s) + 1\"")]
    [InlineData("\"floor((H + 2 p - k) / s + 1)\"")]
    public void Equivalent_formulas_earn_full_points(string answer)
    {
        var result = GradeOne(OutputSize, answer);
        Assert.Equal(MarkStatus.Correct, result.Status);
    }

    [Fact]
    public void A_formula_without_floor_is_caught_with_a_counterexample()
    {
        var result = GradeOne(OutputSize, "\"(H + 2*p - k)/s + 1\"");
        Assert.Equal(MarkStatus.Incorrect, result.Status);
        Assert.Contains("expected", result.Feedback);
    }

    [Fact]
    public void A_parse_error_names_the_column()
    {
        var result = GradeOne(OutputSize, "\"floor((H + 2*p - k)/s + 1\"");
        Assert.Equal(MarkStatus.Invalid, result.Status);
        Assert.Contains("column", result.Feedback);
    }

    [Fact]
    public void An_unknown_symbol_is_named()
    {
        var result = GradeOne(OutputSize, "\"floor((W + 2*p - k)/s) + 1\"");
        Assert.NotEqual(MarkStatus.Correct, result.Status);
        Assert.Contains("W", result.Feedback);
    }

    [Fact]
    public void Definitions_let_students_answer_in_either_form()
    {
        const string jacobian = """
            kind: formula
            expected: "diag(p) - p p^T"
            variables:
              N: { integer: [2, 5] }
              p: { vector: N, range: [0.05, 0.9] }
            """;
        Assert.Equal(MarkStatus.Correct, GradeOne(jacobian, "\"diag(p) - outer(p, p)\"").Status);
        Assert.NotEqual(MarkStatus.Correct, GradeOne(jacobian, "\"diag(p) - p^T p\"").Status);
    }

    [Fact]
    public void Matrix_of_formulas_is_checked_cell_by_cell()
    {
        const string grid = """
            kind: formula
            expected: [["w1", "w2"], ["0", "w1 + w2"]]
            variables:
              w1: { real: [-2, 2] }
              w2: { real: [-2, 2] }
            """;
        var result = GradeOne(grid, "[[w1, w2], [0, \"w2 + w1\"]]");
        Assert.Equal(MarkStatus.Correct, result.Status);
        var partial = GradeOne(grid, "[[w1, w1], [0, \"w2 + w1\"]]");
        Assert.Equal(MarkStatus.Partial, partial.Status);
        Assert.Equal(4.0 / 3, partial.Points, 5); // 3 of 4 cells; a constant grid gets 1: 2 x (3 - 1)/(4 - 1)
        Assert.Contains("(1, 2)", partial.Feedback);
    }

    [Fact]
    public void A_formula_answer_must_be_text_or_a_list_of_formulas()
    {
        // A list is read as the list literal it stands for, which is no output size.
        var list = GradeOne(OutputSize, "[1, 2]");
        Assert.Equal(MarkStatus.Incorrect, list.Status);
        Assert.Equal(0, list.Points);
        Assert.Equal(MarkStatus.Invalid, GradeOne(OutputSize, "{ a: 1 }").Status);
    }
}
