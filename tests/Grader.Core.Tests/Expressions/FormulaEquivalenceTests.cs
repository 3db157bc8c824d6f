using Grader.Core.Expressions;
using Grader.Core.Expressions.Builtins;
using Grader.Core.Numerics;
using static Grader.Core.Tests.Expressions.ExpressionTestHelpers;

namespace Grader.Core.Tests.Expressions;

public class FormulaEquivalenceTests
{
    /// <summary>The math built-ins plus a test-local softmax, standing in for the reference library.</summary>
    private static readonly FunctionTable Functions = new FunctionTable().AddMathBuiltins()
        .Add("softmax", ["z"], [], "test softmax", args =>
        {
            var z = args.Tensor("z");
            double max = z.Data.Max();
            var exp = z.Data.Select(v => Math.Exp(v - max)).ToArray();
            double total = exp.Sum();
            return Value.Of(new NdArray(z.Shape, exp.Select(v => v / total).ToArray()));
        });

    private static readonly EquivalenceSpec ConvSpec = new()
    {
        Variables =
        [
            new VariableSpec("H", new VariableDomain.Integer(8, 64)),
            new VariableSpec("k", new VariableDomain.Integer(1, 7)),
            new VariableSpec("p", new VariableDomain.Integer(0, 3)),
            new VariableSpec("s", new VariableDomain.Integer(2, 4)),
        ],
        Constraint = Parse("H + 2*p >= k"),
        Functions = Functions,
    };

    private static readonly EquivalenceSpec RidgeSpec = new()
    {
        Variables =
        [
            new VariableSpec("n", new VariableDomain.Integer(3, 6)),
            new VariableSpec("d", new VariableDomain.Integer(1, 3)),
            new VariableSpec("X", new VariableDomain.Array(["n", "d"], -1, 1)),
            new VariableSpec("y", new VariableDomain.Array(["n"], -1, 1)),
            new VariableSpec("lambda", new VariableDomain.Real(0.1, 2), ["λ", "lam", "\\lambda"]),
        ],
        Functions = Functions,
    };

    private static readonly EquivalenceSpec SoftmaxJacobianSpec = new()
    {
        Variables =
        [
            new VariableSpec("n", new VariableDomain.Integer(2, 5)),
            new VariableSpec("p", new VariableDomain.Simplex("n")),
        ],
        Functions = Functions,
    };

    private static EquivalenceResult Check(string reference, string candidate, EquivalenceSpec spec) =>
        FormulaEquivalence.Check(Parse(reference), Parse(candidate), spec);

    private static double Number(KeyValuePair<string, Value> binding) =>
        Assert.IsType<Value.Tensor>(binding.Value).Array.Data[0];

    [Fact]
    public void Rearranged_output_size_formula_is_equivalent()
    {
        var result = Check("floor((H + 2*p - k)/s) + 1", "floor((H - k + 2p)/s) + 1", ConvSpec);
        Assert.Equal(EquivalenceOutcome.Equivalent, result.Outcome);
        Assert.True(result.IsEquivalent);
        Assert.Equal(24, result.SamplesCompared);
        Assert.Null(result.Counterexample);
    }

    [Fact]
    public void Output_size_without_floor_is_caught_with_a_counterexample()
    {
        var result = Check("floor((H + 2*p - k)/s) + 1", "(H + 2p - k)/s + 1", ConvSpec);
        Assert.Equal(EquivalenceOutcome.NotEquivalent, result.Outcome);
        var point = result.Counterexample!;
        Assert.Equal(["H", "k", "p", "s"], point.Select(b => b.Key));
        double h = Number(point[0]), k = Number(point[1]), p = Number(point[2]), s = Number(point[3]);
        double expected = Math.Floor((h + 2 * p - k) / s) + 1;
        double actual = (h + 2 * p - k) / s + 1;
        Assert.NotEqual(expected, actual);
        Assert.Equal(expected, Assert.IsType<Value.Tensor>(result.Expected).Array.Data[0]);
        Assert.Equal(actual, Assert.IsType<Value.Tensor>(result.Actual).Array.Data[0], 12);
        Assert.StartsWith($"differs at H={h}, k={k}, p={p}, s={s}: expected {expected}, got ", result.Message);
    }

    [Fact]
    public void Same_spec_gives_the_same_verdict_every_time()
    {
        var first = Check("floor((H + 2*p - k)/s) + 1", "(H + 2p - k)/s + 1", ConvSpec);
        var second = Check("floor((H + 2*p - k)/s) + 1", "(H + 2p - k)/s + 1", ConvSpec);
        Assert.Equal(first.Message, second.Message);
        Assert.Equal(first.SamplesTried, second.SamplesTried);
    }

    [Theory]
    [InlineData("inv(X'X/n + lambda I) X' y / n")]
    [InlineData("inv(X^T X + n λ I) X^T y")]
    [InlineData("inv(X^{T} X + n \\lambda I) X^{T} y")]
    [InlineData("(X^T X + n*lam*I)^{-1} X^T y")]
    [InlineData("solve(X^T X + n lambda I, X^T y)")]
    [InlineData("inv(transpose(X) @ X + n * lambda * eye(d)) @ transpose(X) @ y")]
    public void Ridge_closed_form_in_other_notations_is_equivalent(string candidate)
    {
        var result = Check("inv(X^T X + n*lambda*I) X^T y", candidate, RidgeSpec);
        Assert.True(result.IsEquivalent, result.Message);
    }

    [Fact]
    public void Ridge_without_the_n_is_not_equivalent()
    {
        var result = Check("inv(X^T X + n*lambda*I) X^T y", "inv(X^T X + lambda I) X^T y", RidgeSpec);
        Assert.Equal(EquivalenceOutcome.NotEquivalent, result.Outcome);
        Assert.StartsWith("differs at n=", result.Message);
    }

    [Fact]
    public void Softmax_jacobian_with_outer_is_equivalent()
    {
        var result = Check("diag(p) - p p^T", "diag(p) - outer(p, p)", SoftmaxJacobianSpec);
        Assert.True(result.IsEquivalent, result.Message);
    }

    [Fact]
    public void Softmax_jacobian_with_inner_product_differs_in_value()
    {
        // p^T p is 1x1 and acts as a number, so the shapes agree but the entries do not.
        var result = Check("diag(p) - p p^T", "diag(p) - p^T p", SoftmaxJacobianSpec);
        Assert.Equal(EquivalenceOutcome.NotEquivalent, result.Outcome);
        Assert.StartsWith("differs at n=", result.Message);
        Assert.Matches(@"expected \[\[|entry \(\d, \d\) is", result.Message);
    }

    [Fact]
    public void Wrong_shape_is_reported_as_a_shape()
    {
        var result = Check("p p^T", "p^T p", SoftmaxJacobianSpec);
        Assert.Equal(EquivalenceOutcome.NotEquivalent, result.Outcome);
        var n = (int)Number(result.Counterexample![0]);
        Assert.Equal($"your expression gives a number, expected a {n}x{n} matrix (when n={n})", result.Message);
    }

    [Fact]
    public void Definitions_let_students_answer_in_either_variable()
    {
        var spec = new EquivalenceSpec
        {
            Variables =
            [
                new VariableSpec("n", new VariableDomain.Integer(2, 5)),
                new VariableSpec("z", new VariableDomain.Array(["n"], -3, 3)),
            ],
            Definitions = [("p", Parse("softmax(z)"))],
            Functions = Functions,
            CandidateFunctions = Functions,
        };
        Assert.True(Check("diag(softmax(z)) - softmax(z) softmax(z)^T", "diag(p) - p p^T", spec).IsEquivalent);
        Assert.True(Check("diag(p) - p p^T", "diag(softmax(z)) - outer(softmax(z), softmax(z))", spec).IsEquivalent);
        Assert.False(Check("diag(p) - p p^T", "diag(z) - z z^T", spec).IsEquivalent);
    }

    [Fact]
    public void Simplex_variables_are_probability_vectors()
    {
        var spec = SoftmaxJacobianSpec;
        Assert.True(Check("1", "sum(p)", spec).IsEquivalent);
        Assert.True(Check("1", "min(p) > 0", spec).IsEquivalent);
    }

    [Fact]
    public void Sampled_values_stay_inside_their_domains()
    {
        var sampler = new VariableSampler(new Random(5));
        var integers = new Dictionary<string, long> { ["n"] = 4, ["d"] = 3 };
        for (int i = 0; i < 200; i++)
        {
            var simplex = Assert.IsType<Value.Tensor>(sampler.Sample(new VariableDomain.Simplex("n"), integers)).Array;
            Assert.Equal([4], simplex.Shape);
            Assert.Equal(1, simplex.Data.Sum(), 12);
            Assert.All(simplex.Data, v => Assert.True(v > 0));

            var oneHot = Assert.IsType<Value.Tensor>(sampler.Sample(new VariableDomain.OneHot(5), integers)).Array;
            Assert.Equal(1, oneHot.Data.Count(v => v == 1));
            Assert.Equal(4, oneHot.Data.Count(v => v == 0));

            double integer = Assert.IsType<Value.Tensor>(sampler.Sample(new VariableDomain.Integer(-2, 2), integers)).Array.Data[0];
            Assert.InRange(integer, -2, 2);
            Assert.Equal(Math.Round(integer), integer);

            double real = Assert.IsType<Value.Tensor>(sampler.Sample(new VariableDomain.Real(0.5, 0.75), integers)).Array.Data[0];
            Assert.InRange(real, 0.5, 0.75);

            var array = Assert.IsType<Value.Tensor>(sampler.Sample(new VariableDomain.Array(["n", "d", 2], -1, 3, IntegerValued: true), integers)).Array;
            Assert.Equal([4, 3, 2], array.Shape);
            Assert.All(array.Data, v => Assert.True(v >= -1 && v <= 3 && v == Math.Round(v)));
        }
    }

    [Fact]
    public void Aliases_stand_for_the_declared_name()
    {
        var spec = new EquivalenceSpec
        {
            Variables = [new VariableSpec("lambda", new VariableDomain.Real(0, 1), ["λ", "lam"])],
            Functions = Functions,
        };
        Assert.True(Check("2 lambda", "λ + lam", spec).IsEquivalent);
        Assert.True(Check("2 lambda", "2\\lambda", spec).IsEquivalent);
        var wrong = Check("2 lambda", "3 λ", spec);
        Assert.StartsWith("differs at lambda=", wrong.Message);
    }

    [Fact]
    public void Unknown_symbols_are_reported_before_sampling()
    {
        var result = Check("floor((H + 2*p - k)/s) + 1", "H + q", ConvSpec);
        Assert.Equal(EquivalenceOutcome.CandidateError, result.Outcome);
        Assert.Equal("unknown symbol 'q' at column 5; you may use: H, k, p, s", result.Message);
        Assert.Equal(5, result.Column);
        Assert.Equal(0, result.SamplesTried);

        var call = Check("floor((H + 2*p - k)/s) + 1", "flor(H / s)", ConvSpec);
        Assert.Equal("unknown function 'flor' at column 1; you may use: H, k, p, s", call.Message);

        var function = Check("floor((H + 2*p - k)/s) + 1", "floor + H", ConvSpec);
        Assert.Equal("'floor' at column 1 is a function: write floor(...); you may use: H, k, p, s", function.Message);
    }

    [Fact]
    public void Constants_and_definitions_are_listed_among_the_usable_names()
    {
        var spec = new EquivalenceSpec
        {
            Variables = [new VariableSpec("x", new VariableDomain.Real(0, 1))],
            Definitions = [("y", Parse("2x"))],
            Constants = Scope.Empty.With("W", M(new double[,] { { 1, 2 }, { 3, 4 } })),
            Functions = Functions,
        };
        Assert.Equal("unknown symbol 'z' at column 1; you may use: x, y, W", Check("x", "z", spec).Message);
        Assert.True(Check("W * [x, y]", "[x + 2y, 3x + 4y]", spec).IsEquivalent);
    }

    [Fact]
    public void A_constraint_that_never_holds_is_inconclusive()
    {
        var spec = ConvSpec with { Constraint = Parse("H < 0") };
        var result = Check("H", "H", spec);
        Assert.Equal(EquivalenceOutcome.Inconclusive, result.Outcome);
        Assert.Equal(480, result.SamplesTried);
        Assert.Equal(0, result.SamplesCompared);
        Assert.Contains("the constraint was false at 480 points", result.Message);
    }

    [Fact]
    public void A_reference_that_always_fails_is_inconclusive()
    {
        var result = Check("H * ([1, 2] * [3, 4])", "H", ConvSpec);
        Assert.Equal(EquivalenceOutcome.Inconclusive, result.Outcome);
        Assert.Contains("the reference formula failed at 480 points (first: cannot multiply two vectors", result.Message);
        Assert.Contains("cannot multiply two vectors", result.Message);
    }

    [Fact]
    public void A_reference_that_is_infinite_at_some_points_skips_them()
    {
        var spec = new EquivalenceSpec
        {
            Variables = [new VariableSpec("k", new VariableDomain.Integer(0, 3))],
            Functions = Functions,
        };
        var result = Check("1/k", "k^-1", spec);
        Assert.True(result.IsEquivalent, result.Message);
        Assert.True(result.SamplesTried > result.SamplesCompared);
    }

    [Fact]
    public void A_candidate_that_fails_to_evaluate_is_a_candidate_error()
    {
        var spec = SoftmaxJacobianSpec;
        var result = Check("dot(p, p)", "p p", spec);
        Assert.Equal(EquivalenceOutcome.CandidateError, result.Outcome);
        Assert.Equal(
            "cannot multiply two vectors (lengths " + (int)Number(result.Counterexample![0]) + " and " + (int)Number(result.Counterexample[0])
            + ") with *: use dot(a, b) or a^T b for a dot product, a .* b elementwise at column 3",
            result.Message);
        Assert.Equal(3, result.Column);
    }

    [Fact]
    public void A_candidate_that_fails_only_at_some_points_shows_the_point()
    {
        var spec = new EquivalenceSpec
        {
            Variables = [new VariableSpec("n", new VariableDomain.Integer(0, 200))],
            Functions = Functions,
        };
        var result = Check("n", "factorial(n) / factorial(n - 1)", spec);
        Assert.Equal(EquivalenceOutcome.CandidateError, result.Outcome);
        Assert.Matches(@"^factorial needs a whole number from 0 to 170, got -?\d+ at column \d+ \(when n=\d+\)$", result.Message);
    }

    [Fact]
    public void A_candidate_that_is_infinite_where_the_reference_is_not_differs()
    {
        var spec = new EquivalenceSpec
        {
            Variables = [new VariableSpec("x", new VariableDomain.Real(1, 2))],
            Functions = Functions,
        };
        var result = Check("x", "x / 0", spec);
        Assert.Equal(EquivalenceOutcome.NotEquivalent, result.Outcome);
        Assert.EndsWith("got Infinity", result.Message);
    }

    [Fact]
    public void Tolerance_absorbs_rounding_but_not_real_differences()
    {
        var spec = new EquivalenceSpec
        {
            Variables = [new VariableSpec("x", new VariableDomain.Real(1, 2))],
            Functions = Functions,
        };
        Assert.True(Check("0.3 x", "(0.1 + 0.2) x", spec).IsEquivalent);
        Assert.True(Check("exp(log(x))", "x", spec).IsEquivalent);
        Assert.False(Check("x", "x + 1e-3", spec).IsEquivalent);
        Assert.True(Check("x", "x + 1e-3", spec with { RelativeTolerance = 1e-2 }).IsEquivalent);
    }

    [Fact]
    public void Columns_and_vectors_compare_equal()
    {
        var spec = new EquivalenceSpec
        {
            Variables = [new VariableSpec("x", new VariableDomain.Array([3], -1, 1))],
            Functions = Functions,
        };
        Assert.True(Check("2x", "[2 x[1]; 2 x[2]; 2 x[3]]", spec).IsEquivalent);
        Assert.True(Check("dot(x, x)", "x^T x", spec).IsEquivalent);
    }

    [Fact]
    public void Text_overload_reports_parse_errors_as_candidate_errors()
    {
        var result = FormulaEquivalence.Check("floor((H + 2*p - k)/s) + 1", "floor((H + 2p - k)/s + 1", ConvSpec);
        Assert.Equal(EquivalenceOutcome.CandidateError, result.Outcome);
        Assert.Equal("missing ')' to close '(' opened at column 6", result.Message);
        var broken = FormulaEquivalence.Check("floor(", "H", ConvSpec);
        Assert.Equal(EquivalenceOutcome.Inconclusive, broken.Outcome);
        Assert.StartsWith("the reference formula does not parse", broken.Message);
    }

    [Fact]
    public void Rubric_mistakes_are_inconclusive_not_exceptions()
    {
        var undeclaredDimension = new EquivalenceSpec
        {
            Variables = [new VariableSpec("X", new VariableDomain.Array(["n"], 0, 1))],
            Functions = Functions,
        };
        Assert.Equal("rubric problem: 'X': dimension 'n' must be an integer variable declared before it",
            Check("X", "X", undeclaredDimension).Message);

        var emptyRange = new EquivalenceSpec { Variables = [new VariableSpec("x", new VariableDomain.Real(2, 1))], Functions = Functions };
        Assert.Equal(EquivalenceOutcome.Inconclusive, Check("x", "x", emptyRange).Outcome);

        var unknownInReference = new EquivalenceSpec { Variables = [new VariableSpec("x", new VariableDomain.Real(0, 1))], Functions = Functions };
        Assert.Equal("rubric problem: reference formula: unknown symbol 'w' at column 3", Check("x w", "x", unknownInReference).Message);

        var zeroDimension = new EquivalenceSpec
        {
            Variables =
            [
                new VariableSpec("n", new VariableDomain.Integer(0, 3)),
                new VariableSpec("x", new VariableDomain.Array(["n"], 0, 1)),
            ],
            Functions = Functions,
        };
        Assert.Contains("give it a minimum of 1", Check("x", "x", zeroDimension).Message);
    }

    [Fact]
    public void Default_spec_uses_the_standard_function_table()
    {
        var spec = new EquivalenceSpec { Variables = [new VariableSpec("x", new VariableDomain.Real(0, 1))] };
        Assert.Same(StandardFunctions.Table, spec.Functions);
        Assert.Same(StandardFunctions.Student, spec.CandidateFunctions);
        Assert.True(Check("sqrt(x^2)", "abs(x)", spec).IsEquivalent);
    }
}
