using Grader.Core.Expressions;
using Grader.Core.Rubrics;

namespace Grader.Core.Tests.Rubrics;

public class ExpectedFormulaTextTests
{
    private static string Shown(string formula, string? inputs = null)
    {
        var rubric = RubricLoader.Load($$"""
            id: f
            title: F
            total: 1
            inputs: { {{inputs ?? "U: [[2, -4], [-1, 3]], c: 5"}} }
            items:
              - { id: x, points: 1, kind: formula, expected: "{{formula}}", variables: { a: { real: [1, 2] }, b: { real: [1, 2] } } }
            """, "f.yaml").Rubric!;
        return ExpectedFormulaText.Of((FormulaCheck)rubric.Items[0].Check, rubric);
    }

    [Fact]
    public void The_prelu_matrix_of_en4553_reads_as_values_times_alpha0_not_as_indexing_into_the_rubrics_input()
    {
        // As rubrics/en4553-a2.yaml writes 1.d.V. The sheet's U = [[2, -4], [-1, 3]]: PReLU scales the
        // negative entries by alpha0 (worked by hand).
        var rubric = RubricLoader.Load("""
            id: f
            title: F
            total: 2
            inputs:
              Ud: [[2, -4], [-1, 3]]
            items:
              - id: 1.d.V
                points: 2
                kind: formula
                expected: [["Ud[1,1]", "alpha0*Ud[1,2]"],
                           ["alpha0*Ud[2,1]", "Ud[2,2]"]]
                variables:
                  alpha0: { real: [0.01, 1] }
            """, "f.yaml").Rubric!;
        Assert.Equal("[[2, -4*alpha0], [-alpha0, 3]]", ExpectedFormulaText.Of((FormulaCheck)rubric.Items[0].Check, rubric));
    }

    [Theory]
    [InlineData("a*U[1,2]", "-4*a")]
    [InlineData("U[1,1] + U[2,2]", "5")]              // 2 + 3
    [InlineData("(a + b)*c", "5*(a + b)")]
    [InlineData("a - (b - c)", "a - (b - 5)")]
    [InlineData("a - U[1,2]", "a + 4")]
    [InlineData("-(a + b)", "-(a + b)")]
    [InlineData("a^2 + U[2,1]*b", "a^2 - b")]         // -1*b
    [InlineData("(a + b)^(c - 3)", "(a + b)^2")]
    [InlineData("exp(a)/(1 + exp(a))", "exp(a)/(1 + exp(a))")]
    public void Parts_that_depend_on_inputs_alone_become_numbers_and_only_needed_parentheses_stay(string formula, string shown)
    {
        Assert.Equal(shown, Shown(formula));
    }

    [Fact]
    public void The_printed_form_means_what_the_rubric_expression_means()
    {
        // Re-parsed and evaluated at a = 1.5, b = 1.25: the same value as the rubric's formula.
        foreach (var formula in new[] { "a*U[1,2]", "(a + b)*c", "a - (b - c)", "a - U[1,2]", "a^2 + U[2,1]*b", "(a + b)^(c - 3)" })
        {
            var scope = Scope.Empty.With("a", 1.5).With("b", 1.25)
                .With("U", new Grader.Core.Numerics.NdArray([2, 2], [2, -4, -1, 3])).With("c", 5);
            double Value(string text) => ((Value.Tensor)ExpressionEvaluator.Evaluate(ExpressionParser.Parse(text).Expression!, scope,
                Grader.Core.Expressions.Builtins.StandardFunctions.Table)).Array.ScalarValue;
            Assert.Equal(Value(formula), Value(Shown(formula)), 12);
        }
    }
}
