using Grader.Core.Checking;

namespace Grader.Core.Tests.Checking.Seeds;

/// <summary>
/// Correct answers to the seed sheets written the way students (and the sheets themselves) write
/// them earn full marks. Right values come from the sheets or the independent PyTorch key.
/// </summary>
public class SeedNotationTests
{
    private static void AssertFull(string rubric, string item, string answer, string? index = null)
    {
        var result = SeedRubrics.GradeOne(rubric, item, answer, index);
        Assert.True(result.Status == MarkStatus.Correct, $"{item}: {answer} -> {result.Status}: {result.Feedback}");
        Assert.Equal(result.MaxPoints, result.Points);
    }

    // ------------------------------------------------------------------ sizes

    [Theory]
    [InlineData("\"5 \\\\times 2\"")]   // the nyu sheet's own notation
    [InlineData("\"5 × 2\"")]
    [InlineData("\"(5,2)\"")]
    [InlineData("(5, 2)")]
    [InlineData("\"R^{5 \\\\times 2}\"")]
    public void Nyu_output_size_in_size_notation(string answer)
    {
        Assert.Equal("[5,2]", SeedRubrics.Answer("nyu-dl-hw2", "1.1.1.output_dim"));
        AssertFull("nyu-dl-hw2", "1.1.1.output_dim", answer);
    }

    [Theory]
    [InlineData("\"3 x (1 x 5 x 3)\"")]               // a list of shapes: output length times W's shape
    [InlineData("\"3 \\\\times (1 \\\\times 5 \\\\times 3)\"")]
    public void Nyu_derivative_shape_as_a_list_of_shapes(string answer)
    {
        Assert.Equal("[3,1,5,3]", SeedRubrics.Answer("nyu-dl-hw2", "1.1.3.b.shape"));
        AssertFull("nyu-dl-hw2", "1.1.3.b.shape", answer);
    }

    [Fact]
    public void Ai6126_parameter_counts_with_thousands_separators()
    {
        // The sheet writes "Total params: 61,706" and "2,416"; the key agrees (torch.nn).
        Assert.Equal(61706, SeedRubrics.Number("ai6126-hw1", "q1.total"));
        var report = SeedRubrics.Grade("ai6126-hw1", """
            q1.conv2d_1: 156
            q1.conv2d_4: 2,416
            q1.conv2d_7: "48,120"
            q1.linear_9: 10,164
            q1.linear_11: 850
            q1.total: 61,706
            """);
        foreach (var id in new[] { "q1.conv2d_4", "q1.conv2d_7", "q1.linear_9", "q1.total" })
            Assert.Equal(MarkStatus.Correct, report[id]!.Status);
    }

    [Fact]
    public void A_comma_list_where_a_list_is_expected_stays_a_list() =>
        AssertFull("nnti-ws2425-sheet10", "10.2.d.a.output_dims", "\"28, 28, 10\"");

    // ------------------------------------------------------------------ formulas

    [Theory]
    [InlineData(@"\left\lfloor \frac{H + 2p - k}{s} \right\rfloor + 1")]
    [InlineData("⌊(H + 2p - k)/s⌋ + 1")]
    [InlineData(@"\lfloor (H - k + 2p)/s \rfloor + 1")]
    public void Rptu_output_size_with_floor_brackets(string formula) =>
        AssertFull("rptu-dl-ex2", "2.1.v.output_size", Quoted(formula));

    [Theory]
    [InlineData("2.2.i.softmax_jacobian", "yhat_i*(delta_ij - yhat_j)")]          // index notation
    [InlineData("2.2.i.softmax_jacobian", @"\hat{y}_i (\delta_{ij} - \hat{y}_j)")]
    [InlineData("2.2.i.softmax_jacobian", "ŷ_i (δ_ij - ŷ_j)")]
    [InlineData("2.2.i.softmax_jacobian", "diag(ŷ) - ŷ ŷ^T")]
    [InlineData("2.2.ii.dL_dz", @"\hat{y} - y")]
    [InlineData("2.2.ii.dL_dz", "ŷ - y")]
    [InlineData("2.2.ii.dL_dz", "yhat_i - y_i")]
    [InlineData("2.2.ii.dL_dz", "softmax(z) - y")]
    [InlineData("2.3.gradient", @"\frac{2}{n} X^T(Xw - y) + 2λw")]             // Xw, 2λw
    [InlineData("2.3.gradient", "2/n X^T(ŷ - y) + 2 lambda w")]
    [InlineData("2.3.ridge", "(X^TX + nλI)^{-1} X^Ty")]                       // X^TX, nλI
    [InlineData("2.3.ridge", @"\left(X^\top X + n \lambda I\right)^{-1} X^\top y")]
    [InlineData("2.3.ridge", "w = (X^T X + n λ I)^-1 X^T y")]
    public void Rptu_formulas_in_paper_notation(string item, string formula) =>
        AssertFull("rptu-dl-ex2", item, Quoted(formula));

    [Theory]
    [InlineData(@"-(y \log \hat{y} + (1 - y) \log(1 - \hat{y}))")]
    [InlineData("-(y log(ŷ) + (1 - y) log(1 - ŷ))")]
    [InlineData("L(y, yhat) = -(y*log(yhat) + (1-y)*log(1-yhat))")]
    public void Ai6126_bce_with_yhat(string formula) => AssertFull("ai6126-hw1", "q3.ii.bce", Quoted(formula));

    [Theory]
    [InlineData("-1/3 (log 0.2 + log 0.5 + log 0.9)")]   // as the sheet writes it
    [InlineData("-(ln(0.2) + ln(0.5) + ln(0.9))/3")]
    [InlineData("0.803")]
    public void Ai6126_cost_as_the_sheet_writes_it(string answer)
    {
        Assert.Equal(0.8026, SeedRubrics.Number("ai6126-hw1", "q3.iii.cost"), 4);
        AssertFull("ai6126-hw1", "q3.iii.cost", Quoted(answer));
    }

    [Theory]
    [InlineData("rho*g/||g||_2")]
    [InlineData(@"\hat{\epsilon}(w) = \rho \frac{g}{\|g\|_2}")]
    [InlineData("ρ g / ‖g‖")]
    public void Nnti_sam_step_with_norm_bars(string formula) =>
        AssertFull("nnti-ws2425-sheet10", "10.5.c.eps_hat", Quoted(formula));

    // ------------------------------------------------------------------ list and text forms

    [Fact]
    public void Nyu_general_output_shape_as_a_yaml_list_of_formulas() =>
        AssertFull("nyu-dl-hw2", "1.1.2.output_dim",
            "[F, \"floor((H + 2P - D(K - 1) - 1)/S) + 1\", \"⌊(W + 2P - D(K-1) - 1)/S⌋ + 1\"]");

    [Fact]
    public void Nyu_general_output_shape_written_as_a_product_says_how_to_write_it()
    {
        var result = SeedRubrics.GradeOne("nyu-dl-hw2", "1.1.2.output_dim",
            Quoted(@"F \times (\lfloor (H + 2P - D(K-1) - 1)/S \rfloor + 1) \times (\lfloor (W + 2P - D(K-1) - 1)/S \rfloor + 1)"));
        Assert.Equal(0, result.Points);
        Assert.Contains("write the sizes as a list", result.Feedback);
    }

    [Theory]
    [InlineData("|\n  w1 w2 0 w3 w4 0 0 0 0\n  0 w1 w2 0 w3 w4 0 0 0\n  0 0 0 w1 w2 0 w3 w4 0\n  0 0 0 0 w1 w2 0 w3 w4")]
    [InlineData("\"[w1, w2, 0, w3, w4, 0, 0, 0, 0; 0, w1, w2, 0, w3, w4, 0, 0, 0; 0, 0, 0, w1, w2, 0, w3, w4, 0; 0, 0, 0, 0, w1, w2, 0, w3, w4]\"")]
    [InlineData("'\\begin{bmatrix} w_1 & w_2 & 0 & w_3 & w_4 & 0 & 0 & 0 & 0 \\\\ 0 & w_1 & w_2 & 0 & w_3 & w_4 & 0 & 0 & 0 \\\\ 0 & 0 & 0 & w_1 & w_2 & 0 & w_3 & w_4 & 0 \\\\ 0 & 0 & 0 & 0 & w_1 & w_2 & 0 & w_3 & w_4 \\end{bmatrix}'")]
    public void Nnti_conv_matrix_as_a_text_matrix(string answer)
    {
        // The key's matrix (PyTorch Jacobian), row 1: w1 w2 0 w3 w4 0 0 0 0.
        Assert.StartsWith("[[\"w1\",\"w2\",\"0\",\"w3\",\"w4\"", SeedRubrics.Answer("nnti-ws2425-sheet10", "10.2.b.conv_matrix"));
        AssertFull("nnti-ws2425-sheet10", "10.2.b.conv_matrix", answer);
    }

    // ------------------------------------------------------------------ mistakes with follow-through

    [Fact]
    public void Nyu_channel_first_shape_is_judged_with_the_students_own_length()
    {
        // The student's L is 2 (wrong); [L, 5, 7] is the accepted channel-first mistake, and with
        // their own L it is [2, 5, 7]: full points carried forward, like [2, 7, 5].
        var channelFirst = SeedRubrics.Grade("nyu-dl-hw2", "1.1.3.a.length: 2\n1.1.3.c.shape: [2, 5, 7]\n")["1.1.3.c.shape"]!;
        Assert.Equal(1, channelFirst.Points);
        Assert.Equal(MarkStatus.FollowThrough, channelFirst.Status);
        Assert.Contains("your own earlier answer", channelFirst.Feedback);
        var ordered = SeedRubrics.Grade("nyu-dl-hw2", "1.1.3.a.length: 2\n1.1.3.c.shape: [2, 7, 5]\n")["1.1.3.c.shape"]!;
        Assert.Equal(1, ordered.Points);
    }

    // ------------------------------------------------------------------ auto-graded where they were text

    [Theory]
    [InlineData(@"f_W(x)[r] = \sum_{c=1}^{5} \sum_{k=1}^{3} W_{1,c,k} x_{2(r-1)+k, c}")]
    [InlineData("sum_{c=1}^{5} sum_{k=1}^{3} x[2(r-1)+k][c] W[1,c,k]")]
    public void Nyu_element_expression_is_auto_graded(string formula) =>
        AssertFull("nyu-dl-hw2", "1.1.3.a.expression", Quoted(formula));

    [Fact]
    public void Nyu_element_expression_with_stride_one_windows_is_wrong() =>
        Assert.Equal(0, SeedRubrics.GradeOne("nyu-dl-hw2", "1.1.3.a.expression",
            Quoted("sum_{c=1}^{5} sum_{k=1}^{3} W[1,c,k] x[r+k-1, c]")).Points);

    [Theory]
    [InlineData("(y - t)^2")]
    [InlineData("L(t, y) = 1/2 (y - t)^2")]
    [InlineData("|y - t|")]
    [InlineData("(t - y)^2")]
    public void En4553_regression_loss_accepts_the_usual_losses(string formula) =>
        AssertFull("en4553-a2", "1.a.loss", Quoted(formula));

    [Fact]
    public void En4553_a_signed_difference_is_no_loss()
    {
        var result = SeedRubrics.GradeOne("en4553-a2", "1.a.loss", Quoted("y - t"));
        Assert.Equal(0, result.Points);
        Assert.Contains("must not be negative", result.Feedback);
    }

    private static string Quoted(string text) => "'" + text.Replace("'", "''") + "'";
}
