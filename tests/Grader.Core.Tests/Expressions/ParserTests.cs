using Grader.Core.Expressions;
using static Grader.Core.Tests.Expressions.ExpressionTestHelpers;

namespace Grader.Core.Tests.Expressions;

public class ParserTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "(1 + (2 * 3))")]
    [InlineData("1 * 2 + 3", "((1 * 2) + 3)")]
    [InlineData("a - b - c", "((a - b) - c)")]
    [InlineData("a / b / c", "((a / b) / c)")]
    [InlineData("a / b * c", "((a / b) * c)")]
    [InlineData("a + b .* c ./ d", "(a + ((b .* c) ./ d))")]
    [InlineData("A @ B + C", "((A @ B) + C)")]
    [InlineData("2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))")]
    [InlineData("2 ** 3", "(2 ^ 3)")]
    [InlineData("x .^ 2", "(x .^ 2)")]
    [InlineData("-x^2", "(-(x ^ 2))")]
    [InlineData("-2^2", "(-(2 ^ 2))")]
    [InlineData("2^-1", "(2 ^ (-1))")]
    [InlineData("--x", "(-(-x))")]
    [InlineData("+x", "(+x)")]
    [InlineData("a * -b", "(a * (-b))")]
    [InlineData("a < b + 1", "(a < (b + 1))")]
    [InlineData("a + 1 >= b", "((a + 1) >= b)")]
    [InlineData("a == b != c", "((a == b) and (b != c))")]
    [InlineData("0 <= p < k", "((0 <= p) and (p < k))")]
    [InlineData("a and b or c", "((a and b) or c)")]
    [InlineData("a or b and c", "(a or (b and c))")]
    [InlineData("not a and b", "((not a) and b)")]
    [InlineData("not a < b", "(not (a < b))")]
    [InlineData("a && b || !c", "((a and b) or (not c))")]
    [InlineData("(a + b) * c", "((a + b) * c)")]
    [InlineData("{a + b} * c", "((a + b) * c)")]
    public void Operators_follow_the_documented_precedence(string text, string expected) =>
        Assert.Equal(expected, Canonical(text));

    [Theory]
    [InlineData("2n", "(2 * n)")]
    [InlineData("2 n", "(2 * n)")]
    [InlineData("X^T X", "((X ^ T) * X)")]
    [InlineData("p p^T", "(p * (p ^ T))")]
    [InlineData("2(a+b)", "(2 * (a + b))")]
    [InlineData("(a+b)(c+d)", "((a + b) * (c + d))")]
    [InlineData("n lambda I", "((n * lambda) * I)")]
    [InlineData("2x^2", "(2 * (x ^ 2))")]
    [InlineData("a b / c", "((a * b) / c)")]
    [InlineData("a / b c", "((a / b) * c)")]
    [InlineData("2 a + b", "((2 * a) + b)")]
    [InlineData("X' X", "((X') * X)")]
    [InlineData("inv(A) X^T y", "((inv(A) * (X ^ T)) * y)")]
    public void Implicit_multiplication_binds_like_times(string text, string expected) =>
        Assert.Equal(expected, Canonical(text));

    [Theory]
    [InlineData("a -b", "(a - b)")]
    [InlineData("a - b", "(a - b)")]
    [InlineData("2 -3", "(2 - 3)")]
    [InlineData("a +b", "(a + b)")]
    public void A_sign_after_an_operand_is_a_binary_operator(string text, string expected) =>
        Assert.Equal(expected, Canonical(text));

    [Theory]
    [InlineData("1", 1)]
    [InlineData("1.5", 1.5)]
    [InlineData(".5", 0.5)]
    [InlineData("1e-3", 0.001)]
    [InlineData("2E+4", 20000)]
    [InlineData("3.", 3)]
    [InlineData("1.25e2", 125)]
    public void Number_literals_are_read_in_all_common_forms(string text, double expected)
    {
        var number = Assert.IsType<Expr.Number>(Parse(text));
        Assert.Equal(expected, number.Value);
    }

    [Theory]
    [InlineData("2e", "(2 * e)")]
    [InlineData("2ex", "(2 * ex)")]
    [InlineData("1.*x", "(1 .* x)")]
    [InlineData("2./x", "(2 ./ x)")]
    public void Number_edges_do_not_swallow_what_follows(string text, string expected) =>
        Assert.Equal(expected, Canonical(text));

    [Theory]
    [InlineData("λ", "λ")]
    [InlineData("\\lambda", "lambda")]
    [InlineData("α_1", "α_1")]
    [InlineData("σ2", "σ2")]
    [InlineData("_tmp", "_tmp")]
    public void Identifiers_accept_unicode_letters_and_drop_a_latex_backslash(string text, string expected)
    {
        var id = Assert.IsType<Expr.Identifier>(Parse(text));
        Assert.Equal(expected, id.Name);
    }

    [Theory]
    [InlineData("a \\cdot b", "(a * b)")]
    [InlineData("a \\times b", "(a * b)")]
    [InlineData("\\frac{a+1}{b}", "((a + 1) / b)")]
    [InlineData("\\sqrt{x + 1}", "sqrt((x + 1))")]
    [InlineData("\\left( a + b \\right) c", "((a + b) * c)")]
    [InlineData("X^{T} X", "((X ^ T) * X)")]
    [InlineData("X^\\top X", "((X ^ T) * X)")]
    [InlineData("a \\le b", "(a <= b)")]
    [InlineData("\\lambda\\, I", "(lambda * I)")]
    [InlineData("e^{-x^2}", "(e ^ (-(x ^ 2)))")]
    public void Latex_notation_is_understood(string text, string expected) =>
        Assert.Equal(expected, Canonical(text));

    [Theory]
    [InlineData("a · b", "(a * b)")]
    [InlineData("a × b", "(a * b)")]
    [InlineData("a − b", "(a - b)")]
    [InlineData("Xᵀ X", "((X') * X)")]
    [InlineData("x²", "(x ^ 2)")]
    [InlineData("A⁻¹ b", "((A ^ (-1)) * b)")]
    [InlineData("a ≤ b", "(a <= b)")]
    public void Pasted_unicode_math_is_understood(string text, string expected) =>
        Assert.Equal(expected, Canonical(text));

    [Theory]
    [InlineData("X'", "(X')")]
    [InlineData("X''", "((X')')")]
    [InlineData("(A B)'", "((A * B)')")]
    [InlineData("X'[1, 2]", "(X')[1, 2]")]
    [InlineData("a^b'", "(a ^ (b'))")]
    [InlineData("x'y", "((x') * y)")]
    public void A_quote_after_an_operand_is_a_transpose(string text, string expected) =>
        Assert.Equal(expected, Canonical(text));

    [Fact]
    public void A_quote_elsewhere_starts_a_string()
    {
        var call = Assert.IsType<Expr.Call>(Parse("conv2d(X, K, padding='same')"));
        var text = Assert.IsType<Expr.Text>(call.NamedArguments[0].Value);
        Assert.Equal("same", text.Content);
        Assert.Equal("\"valid\"", Canonical("\"valid\""));
    }

    [Fact]
    public void Calls_take_positional_then_named_arguments()
    {
        var call = Assert.IsType<Expr.Call>(Parse("conv2d(X, K, padding=\"same\", stride=2)"));
        Assert.Equal("conv2d", call.Name);
        Assert.Equal(["X", "K"], call.Arguments.Select(a => a.ToString()));
        Assert.Equal(["padding", "stride"], call.NamedArguments.Select(n => n.Name));
        Assert.Equal("conv2d(X, K, padding=\"same\", stride=2)", call.ToString());
        Assert.Equal("eye()", Canonical("eye()"));
    }

    [Fact]
    public void A_name_before_parentheses_is_a_call_node_even_if_it_may_be_a_variable()
    {
        Assert.Equal("n((n + 1))", Canonical("n(n+1)"));
        Assert.Equal("(2 * n((n + 1)))", Canonical("2 n (n+1)"));
    }

    [Fact]
    public void T_after_a_caret_is_not_called_even_before_parentheses() =>
        Assert.Equal("((X ^ T) * (y - (X * w)))", Canonical("X^T (y - X w)"));

    [Theory]
    [InlineData("[1, 2, 3]", "[1, 2, 3]")]
    [InlineData("[[1, 2], [3, 4]]", "[[1, 2], [3, 4]]")]
    [InlineData("[1, 2; 3, 4]", "[[1, 2], [3, 4]]")]
    [InlineData("[1; 2; 3]", "[[1], [2], [3]]")]
    [InlineData("[a + 1, 2b]", "[(a + 1), (2 * b)]")]
    public void Array_literals_nest_and_accept_matlab_rows(string text, string expected) =>
        Assert.Equal(expected, Canonical(text));

    [Theory]
    [InlineData("x[i]", "x[i]")]
    [InlineData("X[i, j + 1]", "X[i, (j + 1)]")]
    [InlineData("x[1]^2", "(x[1] ^ 2)")]
    [InlineData("2 x[1]", "(2 * x[1])")]
    public void Indexing_is_postfix(string text, string expected) =>
        Assert.Equal(expected, Canonical(text));

    [Fact]
    public void Nodes_carry_their_column()
    {
        var sum = Assert.IsType<Expr.Binary>(Parse("ab + cd"));
        Assert.Equal(4, sum.Column);
        Assert.Equal(1, sum.Left.Column);
        Assert.Equal(6, sum.Right.Column);
        var call = Assert.IsType<Expr.Call>(Parse("  sqrt(x)"));
        Assert.Equal(3, call.Column);
    }

    [Fact]
    public void Free_variables_exclude_function_names_and_the_transpose_mark()
    {
        Assert.Equal(["X", "n", "lambda", "I", "y"], Parse("inv(X^T X + n*lambda*I) X^T y").FreeVariables());
        Assert.Equal(["x", "K"], Parse("conv2d(x, K, padding=\"same\", stride=s2)").FreeVariables().Take(2));
        Assert.Equal(["H", "p", "k", "s"], Parse("floor((H + 2*p - k)/s) + 1").FreeVariables());
        Assert.Equal(["T"], Parse("T + 1").FreeVariables());
    }

    [Fact]
    public void Printed_form_parses_back_to_itself()
    {
        foreach (var text in new[]
        {
            "inv(X^T X + n*lambda*I) X^T y", "diag(p) - p p^T", "-x^2 + 1e-05 y'", "[1, 2; 3, 4][2, 1]",
            "f(a, b=\"s\") <= 3 and not c", "\\frac{1}{2} x^{2}",
        })
        {
            string printed = Canonical(text);
            Assert.Equal(printed, Canonical(printed));
        }
    }

    [Theory]
    [InlineData("(a + b))", 8, "unexpected ')' at column 8")]
    [InlineData("a + b)", 6, "unexpected ')' at column 6")]
    [InlineData("x $ y", 3, "unknown character '$' at column 3")]
    [InlineData("a + ", 3, "expected an expression after '+' at column 3")]
    [InlineData("a * * b", 3, "expected an expression after '*' at column 3")]
    [InlineData("f(a, )", 4, "expected an expression after ',' at column 4")]
    [InlineData("2 3", 3, "missing operator before '3' at column 3")]
    [InlineData("", 1, "the expression is empty")]
    [InlineData("   ", 1, "the expression is empty")]
    [InlineData("[]", 1, "empty brackets '[]' at column 1: write the entries, e.g. [1, 2, 3]")]
    [InlineData("'abc", 1, "missing closing ' for the string started at column 1")]
    [InlineData("1e999", 1, "the number '1e999' at column 1 is too large")]
    [InlineData("f(a=1, b)", 8, "argument at column 8 comes after the named argument 'a'; put unnamed arguments first")]
    [InlineData("y = 2x", 3, "unexpected '=' at column 3: write only the expression, and use '==' to compare")]
    [InlineData("x[]", 3, "expected an index after '[' at column 2")]
    public void Errors_name_the_problem_and_its_column(string text, int column, string message)
    {
        var error = ParseError(text);
        Assert.Equal(message, error.Message);
        Assert.Equal(column, error.Column);
    }

    [Theory]
    [InlineData("floor((H + 2*p - k/s", "missing ')' to close '(' opened at column 7")]
    [InlineData("(a + b", "missing ')' to close '(' opened at column 1")]
    [InlineData("f(a, b", "missing ')' to close '(' opened at column 2")]
    [InlineData("[1, 2", "missing ']' to close '[' opened at column 1")]
    [InlineData("{a + b", "missing '}' to close '{' opened at column 1")]
    [InlineData("(a + b]", "missing ')' to close '(' opened at column 1 (found ']' at column 7)")]
    public void Unclosed_brackets_point_at_the_opening_one(string text, string message) =>
        Assert.Equal(message, ParseError(text).Message);

    [Fact]
    public void Text_longer_than_the_limit_is_refused()
    {
        var error = ParseError(string.Join("+", Enumerable.Repeat("x", 2001)));
        Assert.Contains("too long (4001 characters; at most 4000)", error.Message);
        Assert.True(ExpressionParser.Parse(string.Join("+", Enumerable.Repeat("x", 2000))).Succeeded);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused()
    {
        Assert.True(ExpressionParser.Parse(new string('(', 64) + "x" + new string(')', 64)).Succeeded);
        var error = ParseError(new string('(', 65) + "x" + new string(')', 65));
        Assert.Equal("the expression is nested too deeply at column 65 (more than 64 levels)", error.Message);
        Assert.Contains("nested too deeply", ParseError(new string('-', 65) + "x").Message);
        Assert.Contains("nested too deeply", ParseError(string.Join("^", Enumerable.Repeat("2", 66))).Message);
        Assert.Contains("nested too deeply", ParseError(new string('[', 100) + "1" + new string(']', 100)).Message);
    }

    [Fact]
    public void More_nodes_than_the_limit_are_refused()
    {
        // Each "x²" is two characters but three nodes (x, 2, ^), plus one for the juxtaposition.
        Assert.True(ExpressionParser.Parse(string.Concat(Enumerable.Repeat("x²", 1250))).Succeeded);
        var error = ParseError(string.Concat(Enumerable.Repeat("x²", 1300)));
        Assert.Equal("the expression is too long (more than 5000 parts)", error.Message);
    }

    [Fact]
    public void Parse_or_throw_raises_a_format_exception_with_the_message()
    {
        var e = Assert.Throws<FormatException>(() => ExpressionParser.ParseOrThrow("a +"));
        Assert.Equal("expected an expression after '+' at column 3", e.Message);
    }
}
