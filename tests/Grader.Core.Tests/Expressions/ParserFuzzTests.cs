using System.Text;
using Grader.Core.Expressions;
using Grader.Core.Numerics;
using static Grader.Core.Tests.Expressions.ExpressionTestHelpers;

namespace Grader.Core.Tests.Expressions;

public class ParserFuzzTests
{
    private static readonly string[] Soup =
    [
        "(", ")", "[", "]", "{", "}", "(", ")", "+", "-", "*", "/", "^", ".*", "./", ".^", "@", "'", "\"", ",", ";", "=",
        "==", "<", "<=", ">", "!=", "!", "&&", "||", "and", "or", "not", " ", " ", "  ", "x", "y", "X", "T", "I", "e",
        "pi", "n", "λ", "\\lambda", "\\cdot", "\\frac", "\\", "\\left", "1", "2", "0", ".5", "1e", "1e-3", "3.", "9e999",
        "sqrt", "inv", "sum", "det", "diag", "eye", "ones", "reshape", "ᵀ", "²", "⁻", "−", "·", "$", "#", "\t", "\n",
        "padding=", "'same'", "\u0000", "\ud835", "\udc65", "𝑥", "%",
    ];

    private static string RandomText(Random random)
    {
        var sb = new StringBuilder();
        int pieces = random.Next(1, 25);
        for (int i = 0; i < pieces; i++) sb.Append(Soup[random.Next(Soup.Length)]);
        return sb.ToString();
    }

    [Fact]
    public void Parser_never_throws_on_character_soup()
    {
        var random = new Random(1234);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++)
        {
            string text = RandomText(random);
            var result = ExpressionParser.Parse(text);
            if (result.Succeeded)
            {
                parsed++;
                Assert.Null(result.Error);
            }
            else
            {
                Assert.NotNull(result.Error);
                Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
                Assert.InRange(result.Error.Column, 1, text.Length + 1);
            }
        }
        Assert.True(parsed > 100, $"only {parsed} random texts parsed; the soup should exercise the happy path too");
    }

    [Fact]
    public void Parser_never_throws_on_random_characters()
    {
        var random = new Random(99);
        for (int i = 0; i < 5_000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (int j = 0; j < chars.Length; j++) chars[j] = (char)random.Next(0, 0x3000);
            var result = ExpressionParser.Parse(new string(chars));
            Assert.True(result.Succeeded || result.Error is not null);
        }
    }

    [Fact]
    public void Printed_form_of_anything_that_parses_parses_to_the_same_form()
    {
        var random = new Random(4321);
        for (int i = 0; i < 20_000; i++)
        {
            var result = ExpressionParser.Parse(RandomText(random));
            if (!result.Succeeded) continue;
            string printed = result.Expression.ToString();
            var again = ExpressionParser.Parse(printed);
            Assert.True(again.Succeeded, $"'{printed}' did not parse again: {again.Error?.Message}");
            Assert.Equal(printed, again.Expression.ToString());
        }
    }

    [Fact]
    public void Evaluating_anything_that_parses_never_throws_from_try_evaluate()
    {
        var scope = Scope.Empty
            .With("x", 2.5)
            .With("y", V(1, 2, 3))
            .With("X", M(new double[,] { { 1, 2 }, { 3, 4 } }))
            .With("n", 3)
            .With("λ", 0.5);
        var random = new Random(777);
        int evaluated = 0;
        for (int i = 0; i < 20_000; i++)
        {
            var result = ExpressionParser.Parse(RandomText(random));
            if (!result.Succeeded) continue;
            if (ExpressionEvaluator.TryEvaluate(result.Expression, scope, MathFunctions, out var value, out var error))
            {
                evaluated++;
                Assert.NotNull(value);
                Assert.Equal("", error);
            }
            else
            {
                Assert.Null(value);
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }
        Assert.True(evaluated > 50, $"only {evaluated} random expressions evaluated");
    }

    [Fact]
    public void Hostile_but_valid_expressions_fail_cleanly_within_the_budget()
    {
        foreach (var text in new[]
        {
            "ones(2000, 2000)^64", "ones(2000,2000) * ones(2000,2000)", "eye(100000)", "inv(ones(400,400) + 400 I)",
            "factorial(1e9)", "choose(2000000000, 1000000000)", "outer(ones(3000), ones(3000)) .* outer(ones(3000), ones(3000))",
            "ones(1000000000)", "reshape(ones(4), 2, 2)^-64", "2^2^2^2^2^2",
        })
        {
            var expr = Parse(text);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            ExpressionEvaluator.TryEvaluate(expr, Scope.Empty, MathFunctions, out _, out _);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{text} took {watch.Elapsed}");
        }
    }

    private static readonly string[] PaperSoup =
    [
        "|", "||", "‖", "\\|", "⌊", "⌋", "⌈", "⌉", "\\lfloor", "\\rfloor", "_", "_{", "}", "{", "^", "\\sum", "sum_{k=1}^{3}",
        "=", "k", "i", "j", "yhat", "yhat_i", "delta_ij", "\\hat{y}", "ŷ", "Xw", "X", "w", "nλI", "λ", "log", "log 0.2",
        "\\ln", "exp", "(", ")", "[", "]", ",", "+", "-", "*", "/", " ", "2", "0.5", "L =", "\\left", "\\right", "\\mathbf{X}",
    ];

    [Fact]
    public void Paper_notation_never_breaks_the_parser_or_the_evaluator()
    {
        var notation = new Notation(["X", "w", "n", "λ", "yhat"], Grader.Core.Expressions.Builtins.StandardFunctions.Student, ["i", "j"]);
        var scope = Scope.Empty.With("X", M(new double[,] { { 1, 2 }, { 3, 4 } })).With("w", V(1, 2)).With("n", 3)
            .With("λ", 0.5).With("yhat", V(0.2, 0.8)).With("i", 1).With("j", 2);
        var random = new Random(2468);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++)
        {
            var sb = new StringBuilder();
            for (int p = random.Next(1, 16); p > 0; p--) sb.Append(PaperSoup[random.Next(PaperSoup.Length)]);
            string text = sb.ToString();
            var result = ExpressionParser.Parse(text, notation);
            if (!result.Succeeded)
            {
                // A specific message, not the catch-all for a bug in the parser.
                Assert.NotEqual("the expression could not be read", result.Error.Message);
                Assert.InRange(result.Error.Column, 1, text.Length + 1);
                continue;
            }
            parsed++;
            string printed = result.Expression.ToString();
            var again = ExpressionParser.Parse(printed);
            Assert.True(again.Succeeded, $"'{text}' printed as '{printed}', which did not parse again: {again.Error?.Message}");
            Assert.Equal(printed, again.Expression.ToString());
            ExpressionEvaluator.TryEvaluate(result.Expression, scope, notation.Functions, out _, out _);
        }
        Assert.True(parsed > 100, $"only {parsed} texts parsed");
    }

    [Fact]
    public void Nested_sums_stop_at_the_evaluation_budget()
    {
        var error = EvalError("sum_{k=1}^{100000} sum_{j=1}^{100000} k*j");
        Assert.Contains("expression too expensive to evaluate", error.Message);
    }
}
