using Grader.Core.Expressions;
using static Grader.Core.Tests.Expressions.ExpressionTestHelpers;

namespace Grader.Core.Tests.Expressions;

public class MathBuiltinsTests
{
    [Theory]
    [InlineData("abs(-3)", 3)]
    [InlineData("sqrt(9)", 3)]
    [InlineData("exp(0)", 1)]
    [InlineData("log(e)", 1)]
    [InlineData("ln(1)", 0)]
    [InlineData("log2(8)", 3)]
    [InlineData("log10(1000)", 3)]
    [InlineData("floor(-1.5)", -2)]
    [InlineData("ceil(-1.5)", -1)]
    [InlineData("round(2.5)", 3)]
    [InlineData("round(-2.5)", -3)]
    [InlineData("round(2.4)", 2)]
    [InlineData("sign(-3)", -1)]
    [InlineData("sign(0)", 0)]
    [InlineData("sin(0)", 0)]
    [InlineData("cos(0)", 1)]
    [InlineData("tan(0)", 0)]
    [InlineData("tanh(0)", 0)]
    [InlineData("pow(2, 10)", 1024)]
    [InlineData("min(3, 5)", 3)]
    [InlineData("max(3, 5)", 5)]
    [InlineData("mod(7, 3)", 1)]
    [InlineData("mod(-1, 3)", 2)]
    [InlineData("delta(2, 2)", 1)]
    [InlineData("delta(1, 2)", 0)]
    [InlineData("factorial(5)", 120)]
    [InlineData("factorial(0)", 1)]
    [InlineData("choose(5, 2)", 10)]
    [InlineData("choose(10, 0)", 1)]
    [InlineData("choose(3, 5)", 0)]
    [InlineData("choose(52, 5)", 2598960)]
    public void Scalar_functions_give_hand_worked_values(string text, double expected) =>
        Assert.Equal(expected, EvalScalar(text), 12);

    [Fact]
    public void Elementwise_functions_map_over_arrays()
    {
        AssertArray(M(new double[,] { { 2, 3 }, { 4, 5 } }), Eval("sqrt([[4, 9], [16, 25]])"));
        AssertArray(V(1, 0, 1), Eval("abs([-1, 0, 1])"));
        AssertArray(V(1, 4, 9), Eval("pow([1, 2, 3], 2)"));
        AssertArray(V(0, 0, 2), Eval("max([-1, 0, 2], 0)"));
        AssertArray(V(3, 2), Eval("min([4, 2], [3, 3])"));
        AssertArray(V(1, 0, 1), Eval("mod([4, 6, 7], 3)"));
    }

    [Fact]
    public void Min_and_max_of_one_array_reduce_it()
    {
        Assert.Equal(5, EvalScalar("max([1, 5, 2])"));
        Assert.Equal(-4, EvalScalar("min([[1, -4], [0, 2]])"));
    }

    [Fact]
    public void Reductions_cover_all_entries_or_one_dimension()
    {
        Assert.Equal(10, EvalScalar("sum([[1, 2], [3, 4]])"));
        AssertArray(V(4, 6), Eval("sum([[1, 2], [3, 4]], 1)"));
        AssertArray(V(3, 7), Eval("sum([[1, 2], [3, 4]], 2)"));
        Assert.Equal(24, EvalScalar("prod([1, 2, 3, 4])"));
        Assert.Equal(2.5, EvalScalar("mean([1, 2, 3, 4])"));
        AssertArray(V(2, 3), Eval("mean([[1, 2], [3, 4]], 1)"));
        AssertArray(V(2, 12), Eval("prod([[1, 2], [3, 4]], 2)"));
        Assert.Contains("dim must be between 1 and 2", EvalError("sum([[1, 2], [3, 4]], 3)").Message);
    }

    [Fact]
    public void Dot_outer_and_norm()
    {
        Assert.Equal(32, EvalScalar("dot([1, 2, 3], [4, 5, 6])"));
        Assert.Equal(32, EvalScalar("dot([1, 2, 3], [4; 5; 6])"));
        Assert.Equal("dot: the vectors have different lengths (3 and 2) at column 1", EvalError("dot([1, 2, 3], [1, 2])").Message);
        AssertArray(M(new double[,] { { 3, 4, 5 }, { 6, 8, 10 } }), Eval("outer([1, 2], [3, 4, 5])"));
        Assert.Equal(5, EvalScalar("norm([3, 4])"));
        Assert.Equal(5, EvalScalar("norm([[1, 2], [2, 4]])"));
        Assert.Contains("must be a vector", EvalError("outer([[1, 2], [3, 4]], [1, 2])").Message);
    }

    [Fact]
    public void Inverse_of_a_two_by_two_matches_the_hand_worked_value()
    {
        // det = 4*6 - 7*2 = 10; inv = [[6, -7], [-2, 4]] / 10
        AssertArray(M(new double[,] { { 0.6, -0.7 }, { -0.2, 0.4 } }), Eval("inv([[4, 7], [2, 6]])"), 1e-12);
    }

    [Fact]
    public void Inverse_pivots_past_a_zero_on_the_diagonal()
    {
        AssertArray(M(new double[,] { { 0, 1 }, { 1, 0 } }), Eval("inv([[0, 1], [1, 0]])"));
        // [[0,2,0],[1,0,0],[0,0,4]]^-1 = [[0,1,0],[0.5,0,0],[0,0,0.25]]
        AssertArray(M(new double[,] { { 0, 1, 0 }, { 0.5, 0, 0 }, { 0, 0, 0.25 } }), Eval("inv([[0, 2, 0], [1, 0, 0], [0, 0, 4]])"), 1e-15);
    }

    [Fact]
    public void Inverse_of_a_singular_matrix_is_an_error()
    {
        Assert.Equal("the matrix is singular (it has no inverse) at column 1", EvalError("inv([[1, 2], [2, 4]])").Message);
        Assert.Equal("the inverse needs a square matrix, got a 2x3 matrix at column 1", EvalError("inv(ones(2, 3))").Message);
        Assert.Contains("must be a number or array, got the identity I", EvalError("inv(I)").Message);
    }

    [Fact]
    public void Determinants_match_hand_worked_values()
    {
        Assert.Equal(10, EvalScalar("det([[4, 7], [2, 6]])"), 12);
        // 2*(3*2 - 2*1) - 0 + 1*(1*1 - 3*1) = 8 - 2 = 6
        Assert.Equal(6, EvalScalar("det([[2, 0, 1], [1, 3, 2], [1, 1, 2]])"), 12);
        Assert.Equal(0, EvalScalar("det([[1, 2], [2, 4]])"), 12);
        Assert.Equal(-1, EvalScalar("det([[0, 1], [1, 0]])"), 12);
        Assert.Equal(5, EvalScalar("det(5)"));
    }

    [Fact]
    public void Solve_trace_and_transpose()
    {
        AssertArray(V(1, 1), Eval("solve([[2, 0], [0, 4]], [2, 4])"));
        // [[4,7],[2,6]] x = [18, 14] -> x = [1, 2]
        AssertArray(V(1, 2), Eval("solve([[4, 7], [2, 6]], [18, 14])"), 1e-12);
        Assert.Equal(5, EvalScalar("trace([[1, 2], [3, 4]])"));
        AssertArray(M(new double[,] { { 1, 3 }, { 2, 4 } }), Eval("transpose([[1, 2], [3, 4]])"));
    }

    [Fact]
    public void Diag_goes_both_ways()
    {
        AssertArray(M(new double[,] { { 1, 0 }, { 0, 2 } }), Eval("diag([1, 2])"));
        AssertArray(M(new double[,] { { 1, 0 }, { 0, 2 } }), Eval("diag([1; 2])"));
        AssertArray(V(1, 4), Eval("diag([[1, 2], [3, 4]])"));
    }

    [Fact]
    public void Constructors_make_the_requested_shapes()
    {
        AssertArray(M(new double[,] { { 1, 0 }, { 0, 1 } }), Eval("eye(2)"));
        AssertArray(M(new double[,] { { 1, 0, 0 }, { 0, 1, 0 } }), Eval("eye(2, 3)"));
        AssertArray(V(1, 1, 1), Eval("ones(3)"));
        AssertArray(M(new double[,] { { 1, 1, 1 }, { 1, 1, 1 } }), Eval("ones(2, 3)"));
        AssertArray(V(0, 0), Eval("zeros(2)"));
        AssertArray(M(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }), Eval("reshape([1, 2, 3, 4, 5, 6], 2, 3)"));
        AssertArray(V(1, 2, 3, 4), Eval("vec([[1, 2], [3, 4]])"));
        AssertArray(V(1, 2, 3, 4), Eval("flatten([[1, 2], [3, 4]])"));
        Assert.Equal(6, EvalScalar("numel(ones(2, 3))"));
        Assert.Equal(2, EvalScalar("size(ones(2, 3), 1)"));
        Assert.Equal(3, EvalScalar("size(ones(2, 3), 2)"));
        AssertArray(V(2, 3), Eval("size(ones(2, 3))"));
        Assert.Equal("reshape: a vector of length 6 has 6 entries, not 4x2 at column 1", EvalError("reshape([1, 2, 3, 4, 5, 6], 4, 2)").Message);
        Assert.Equal("ones: 'rows' must not be negative, got -1 at column 1", EvalError("ones(-1)").Message);
        Assert.Equal("ones: 'rows' must be a whole number, got 1.5 at column 1", EvalError("ones(1.5)").Message);
    }

    [Fact]
    public void Integer_functions_refuse_bad_input()
    {
        Assert.Equal("factorial needs a whole number from 0 to 170, got 171 at column 1", EvalError("factorial(171)").Message);
        Assert.Contains("must be a whole number", EvalError("factorial(2.5)").Message);
        Assert.True(double.IsFinite(EvalScalar("factorial(170)")));
    }

    [Fact]
    public void Built_ins_charge_the_budget()
    {
        // 300^3 * 2 operations for the inverse, far over 1e6.
        var e = EvalError("inv(eye(300))", null, null, new EvaluationBudget(maxOperations: 1_000_000));
        Assert.Equal("expression too expensive to evaluate at column 1", e.Message);
        Assert.Contains("too large", EvalError("outer(ones(3000), ones(3000))").Message);
    }

    [Fact]
    public void Deep_learning_names_are_left_to_the_reference_library()
    {
        foreach (var name in new[] { "sigmoid", "relu", "softmax", "log_softmax", "conv2d", "maxpool2d", "cross_entropy", "mse" })
            Assert.False(MathFunctions.Contains(name), name);
    }
}
