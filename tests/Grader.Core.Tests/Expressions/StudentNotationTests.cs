using Grader.Core.Expressions;
using Grader.Core.Expressions.Builtins;
using static Grader.Core.Tests.Expressions.ExpressionTestHelpers;

namespace Grader.Core.Tests.Expressions;

/// <summary>
/// Paper notation in student formulas: each form parses to the same tree as the explicit way of
/// writing it (compared through the canonical printed form).
/// </summary>
public class StudentNotationTests
{
    private static readonly Notation Declared = new(
        ["H", "k", "p", "s", "X", "w", "y", "n", "lambda", "λ", "rho", "ρ", "g", "yhat", "z", "P_H1", "w1"],
        StandardFunctions.Student, ["i", "j"]);

    private static string Student(string text)
    {
        var result = ExpressionParser.Parse(text, Declared);
        Assert.True(result.Succeeded, $"{text}: {result}");
        return result.Expression!.ToString();
    }

    [Theory]
    [InlineData(@"\left\lfloor \frac{H + 2p - k}{s} \right\rfloor + 1", "floor((H + 2*p - k)/s) + 1")]
    [InlineData("⌊(H + 2p - k)/s⌋ + 1", "floor((H + 2*p - k)/s) + 1")]
    [InlineData(@"\lceil H/s \rceil", "ceil(H/s)")]
    [InlineData("X^TX", "X^T X")]
    [InlineData("X^TXw", "X^T X w")]
    [InlineData("Xw", "X*w")]
    [InlineData("2λw", "2*λ*w")]
    [InlineData("nλI", "n*λ*I")]
    [InlineData("rho*g/||g||_2", "rho*g/norm(g)")]
    [InlineData("rho g / ||g||", "rho*g/norm(g)")]
    [InlineData(@"\rho g / \|g\|_2", "rho*g/norm(g)")]
    [InlineData("ρ g/‖g‖", "ρ*g/norm(g)")]
    [InlineData("||g||_1", "sum(abs(g))")]
    [InlineData("|y - k|", "abs(y - k)")]
    [InlineData("-1/3 (log 0.2 + log 0.5 + log 0.9)", "-1/3*(log(0.2) + log(0.5) + log(0.9))")]
    [InlineData(@"\ln 2 + \exp{k}", "ln(2) + exp(k)")]
    [InlineData(@"\hat{y}", "yhat")]
    [InlineData(@"\hat y", "yhat")]
    [InlineData("\u0177", "yhat")]      // ŷ, one character
    [InlineData("y\u0302", "yhat")]     // y followed by a combining circumflex
    [InlineData("yhat_i*(delta_ij - yhat_j)", "yhat[i]*(delta(i, j) - yhat[j])")]
    [InlineData(@"\hat{y}_i (\delta_{ij} - \hat{y}_j)", "yhat[i]*(delta(i, j) - yhat[j])")]
    [InlineData("P_{H1} + w_1", "P_H1 + w1")]
    [InlineData("L = (y - k)^2", "(y - k)^2")]
    [InlineData("L(t, y) = (y - k)^2", "(y - k)^2")]
    [InlineData(@"\sum_{c=1}^{5} \sum_{k=1}^{3} X_{c,k}", "sum_{c = 1}^{5} (sum_{k = 1}^{3} (X[c, k]))")]
    [InlineData(@"\mathbf{X}^\top \mathbf{X}", "X^T X")]
    public void Paper_notation_reads_as_the_explicit_formula(string written, string explicitForm) =>
        Assert.Equal(Student(explicitForm), Student(written));

    [Fact]
    public void A_run_of_letters_that_splits_two_ways_says_how_to_write_it()
    {
        Assert.Equal("(((2 * a) * b) * b)", ExpressionParser.Parse("2abb", new Notation(["a", "b"], StandardFunctions.Student)).ToString());
        var ambiguous = ExpressionParser.Parse("2abb", new Notation(["a", "b", "ab"], StandardFunctions.Student));
        Assert.False(ambiguous.Succeeded);
        Assert.Equal("'abb' at column 2 can be read as ab*b or a*b*b: write the product with '*'", ambiguous.Error!.Message);
    }

    [Fact]
    public void Without_a_notation_rubric_text_keeps_its_strict_reading()
    {
        Assert.False(ExpressionParser.Parse("log 0.2").Succeeded);
        Assert.Equal("Xw", Parse("Xw").ToString());
    }

    [Fact]
    public void A_lone_double_bar_is_still_or() =>
        Assert.Equal("((a < 1) or (b > 2))", Parse("a < 1 || b > 2").ToString());

    [Fact]
    public void Sums_evaluate_with_their_index_bound()
    {
        Assert.Equal(14, EvalScalar(@"\sum_{k=1}^{3} k^2"));
        Assert.Equal(0, EvalScalar("sum_{k=1}^{0} k"));
        Assert.DoesNotContain("k", Parse(@"\sum_{k=1}^{n} k").FreeVariables());
    }

    [Fact]
    public void A_row_of_a_matrix_can_be_indexed_again() =>
        Assert.Equal(6, EvalScalar("X[2][3]", Scope.Empty.With("X", M(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }))));
}
