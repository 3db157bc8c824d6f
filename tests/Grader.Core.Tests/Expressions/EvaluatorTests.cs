using Grader.Core.Expressions;
using Grader.Core.Numerics;
using static Grader.Core.Tests.Expressions.ExpressionTestHelpers;

namespace Grader.Core.Tests.Expressions;

public class EvaluatorTests
{
    private static readonly NdArray A = M(new double[,] { { 1, 2 }, { 3, 4 } });
    private static readonly NdArray B = M(new double[,] { { 5, 6 }, { 7, 8 } });

    private static readonly Scope Vars = Scope.Empty
        .With("A", A)
        .With("B", B)
        .With("x", V(1, 2, 3))
        .With("y", V(4, 5, 6))
        .With("p", V(1, 2))
        .With("n", 3)
        .With("lambda", 0.5);

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("2^3^2", 512)]
    [InlineData("-2^2", -4)]
    [InlineData("2^-1", 0.5)]
    [InlineData("7 / 2", 3.5)]
    [InlineData("2n + 1", 7)]
    [InlineData("n(n + 1)/2", 6)]
    [InlineData("2 n (n + 1)", 24)]
    [InlineData("n(n+1)^2", 48)]
    [InlineData("lambda n", 1.5)]
    [InlineData("10 - 2 - 3", 5)]
    public void Scalar_arithmetic_follows_precedence(string text, double expected) =>
        Assert.Equal(expected, EvalScalar(text, Vars));

    [Fact]
    public void Constants_are_available_unless_the_scope_shadows_them()
    {
        Assert.Equal(Math.PI, EvalScalar("pi"));
        Assert.Equal(Math.PI, EvalScalar("π"));
        Assert.Equal(Math.E, EvalScalar("e"));
        Assert.Equal(2, EvalScalar("e^1", Scope.Empty.With("e", 2)));
        Assert.Equal(4, EvalScalar("2pi / pi + 2"));
    }

    [Fact]
    public void Scalars_broadcast_over_arrays()
    {
        AssertArray(V(2, 3, 4), Eval("x + 1", Vars));
        AssertArray(V(0, 1, 2), Eval("x - 1", Vars));
        AssertArray(V(2, 4, 6), Eval("2x", Vars));
        AssertArray(V(0.5, 1, 1.5), Eval("x / 2", Vars));
        AssertArray(V(1, 0.5, 0.25), Eval("1 / [1, 2, 4]"));
        AssertArray(M(new double[,] { { 3, 6 }, { 9, 12 } }), Eval("A * 3", Vars));
        AssertArray(M(new double[,] { { 0, 1 }, { 2, 3 } }), Eval("A - 1", Vars));
    }

    [Fact]
    public void Same_shapes_combine_elementwise()
    {
        AssertArray(V(5, 7, 9), Eval("x + y", Vars));
        AssertArray(V(4, 10, 18), Eval("x .* y", Vars));
        AssertArray(V(0.25, 0.4, 0.5), Eval("x ./ y", Vars));
        AssertArray(V(1, 4, 9), Eval("x .^ 2", Vars));
        AssertArray(M(new double[,] { { 0.2, 2.0 / 6 }, { 3.0 / 7, 0.5 } }), Eval("A / B", Vars));
        AssertArray(M(new double[,] { { 5, 12 }, { 21, 32 } }), Eval("A .* B", Vars));
    }

    [Fact]
    public void A_vector_and_a_column_of_the_same_length_add_as_a_vector()
    {
        AssertArray(V(2, 4, 6), Eval("x + [1; 2; 3]", Vars));
        AssertArray(V(0, 0, 0), Eval("[1; 2; 3] - x", Vars));
    }

    [Fact]
    public void A_row_and_a_column_do_not_add()
    {
        var e = EvalError("x' + x", Vars);
        Assert.Equal("cannot add a 1x3 matrix and a vector of length 3: the shapes must match (one is a row and the other a column: transpose one of them) at column 4", e.Message);
    }

    [Fact]
    public void Mismatched_shapes_name_both_shapes_and_the_column()
    {
        var e = EvalError("A + x", Vars);
        Assert.Equal("cannot add a 2x2 matrix and a vector of length 3: the shapes must match at column 3", e.Message);
        Assert.Equal(3, e.Column);
    }

    [Fact]
    public void Times_is_the_matrix_product_for_matrices()
    {
        // [[1,2],[3,4]] [[5,6],[7,8]] = [[1*5+2*7, 1*6+2*8], [3*5+4*7, 3*6+4*8]]
        AssertArray(M(new double[,] { { 19, 22 }, { 43, 50 } }), Eval("A B", Vars));
        AssertArray(M(new double[,] { { 19, 22 }, { 43, 50 } }), Eval("A * B", Vars));
        AssertArray(M(new double[,] { { 19, 22 }, { 43, 50 } }), Eval("A @ B", Vars));
        AssertArray(M(new double[,] { { 23, 34 }, { 31, 46 } }), Eval("B A", Vars));
    }

    [Fact]
    public void Matrix_times_vector_gives_a_vector()
    {
        AssertArray(V(5, 11), Eval("A p", Vars));
        AssertArray(V(5, 11), Eval("A @ p", Vars));
        // p as a row on the left of @: [1,2] [[1,2],[3,4]] = [7, 10]
        AssertArray(V(7, 10), Eval("p @ A", Vars));
    }

    [Fact]
    public void Vectors_are_columns_in_products()
    {
        AssertArray(M(new double[,] { { 1, 2 }, { 2, 4 } }), Eval("p p^T", Vars));
        var inner = Eval("p^T p", Vars);
        Assert.Equal([1, 1], inner.Shape);
        Assert.Equal(5, inner.Data[0]);
        Assert.Equal(32, EvalScalar("x^T y", Vars));
        Assert.Equal(32, EvalScalar("x @ y", Vars));
        // A 1x1 product acts as a number.
        AssertArray(V(5, 10), Eval("(p^T p) p", Vars));
        AssertArray(M(new double[,] { { 6, 7 }, { 8, 9 } }), Eval("A + p^T p", Vars));
    }

    [Fact]
    public void Two_vectors_do_not_multiply_with_times()
    {
        var e = EvalError("x y", Vars);
        Assert.Equal(
            "cannot multiply two vectors (lengths 3 and 3) with *: use dot(a, b) or a^T b for a dot product, a .* b elementwise at column 3",
            e.Message);
    }

    [Fact]
    public void Mismatched_inner_sizes_are_reported()
    {
        var e = EvalError("A x", Vars);
        Assert.Equal("cannot multiply a 2x2 matrix by a 3x1 matrix: the inner sizes 2 and 3 differ at column 3", e.Message);
        Assert.Contains("use * to scale", EvalError("2 @ A", Vars).Message);
    }

    [Fact]
    public void Identity_takes_the_size_of_the_matrix_it_meets()
    {
        AssertArray(M(new double[,] { { 3, 2 }, { 3, 6 } }), Eval("A + 2I", Vars));
        AssertArray(M(new double[,] { { 3, 2 }, { 3, 6 } }), Eval("2*I + A", Vars));
        AssertArray(M(new double[,] { { 0, 2 }, { 3, 3 } }), Eval("A - I", Vars));
        AssertArray(M(new double[,] { { 0, -2 }, { -3, -3 } }), Eval("I - A", Vars));
        AssertArray(M(new double[,] { { 3, 6 }, { 9, 12 } }), Eval("3 I A", Vars));
        AssertArray(A, Eval("A I", Vars));
        AssertArray(M(new double[,] { { 2.5, 2 }, { 3, 5.5 } }), Eval("A + n lambda I", Vars));
        AssertArray(M(new double[,] { { 1.5, 2 }, { 3, 4.5 } }), Eval("A + I/2", Vars));
        AssertArray(M(new double[,] { { 3, 2 }, { 3, 6 } }), Eval("A + (I + I)", Vars));
        AssertArray(M(new double[,] { { 0, 2 }, { 3, 3 } }), Eval("A + -I", Vars));
        AssertArray(V(2, 4), Eval("2 I p", Vars));
    }

    [Fact]
    public void Identity_alone_or_with_a_non_square_array_is_an_error()
    {
        Assert.Equal("I needs a matrix to take its size from at column 1", EvalError("I").Message);
        Assert.Equal("I needs a matrix to take its size from at column 5", EvalError("2 I + I").Message);
        Assert.Equal("I needs a square matrix to take its size from, not a vector of length 3 at column 3", EvalError("x + I", Vars).Message);
        Assert.Contains("I needs a square matrix", EvalError("ones(2, 3) + I").Message);
    }

    [Fact]
    public void Ridge_normal_matrix_uses_identity_of_the_right_size()
    {
        // X = [[1,0],[0,1],[1,1]]: X^T X = [[2,1],[1,2]]; + 3*0.5*I = [[3.5,1],[1,3.5]].
        var scope = Vars.With("X", M(new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } }));
        AssertArray(M(new double[,] { { 3.5, 1 }, { 1, 3.5 } }), Eval("X^T X + n*lambda*I", scope));
    }

    [Fact]
    public void All_transpose_spellings_agree()
    {
        var expected = M(new double[,] { { 1, 3 }, { 2, 4 } });
        foreach (var text in new[] { "A^T", "A^{T}", "A'", "transpose(A)", "Aᵀ", "A^\\top", "((A^T)^T)^T" })
            AssertArray(expected, Eval(text, Vars));
    }

    [Fact]
    public void T_is_an_exponent_when_the_scope_binds_it()
    {
        // A^2 = [[7,10],[15,22]]
        AssertArray(M(new double[,] { { 7, 10 }, { 15, 22 } }), Eval("A^T", Vars.With("T", 2)));
        Assert.Equal(8, EvalScalar("2^T", Scope.Empty.With("T", 3)));
    }

    [Fact]
    public void Transposing_a_vector_gives_a_row_and_back_a_column()
    {
        Assert.Equal([1, 3], Eval("x'", Vars).Shape);
        Assert.Equal([3, 1], Eval("x''", Vars).Shape);
        Assert.Equal(3, EvalScalar("3'"));
    }

    [Fact]
    public void Matrix_powers_are_whole_and_bounded()
    {
        AssertArray(M(new double[,] { { 7, 10 }, { 15, 22 } }), Eval("A^2", Vars));
        AssertArray(M(new double[,] { { 1, 0 }, { 0, 1 } }), Eval("A^0", Vars));
        // inv(A) = [[-2, 1], [1.5, -0.5]]
        AssertArray(M(new double[,] { { -2, 1 }, { 1.5, -0.5 } }), Eval("A^-1", Vars), 1e-12);
        AssertArray(M(new double[,] { { -2, 1 }, { 1.5, -0.5 } }), Eval("A^{-1}", Vars), 1e-12);
        Assert.Contains("whole power between -64 and 64", EvalError("A^65", Vars).Message);
        Assert.Contains("use .^ for elementwise powers", EvalError("A^0.5", Vars).Message);
        Assert.Contains("use .^ for elementwise powers", EvalError("x^2", Vars).Message);
        AssertArray(V(2, 4, 8), Eval("2 .^ x", Vars));
        AssertArray(V(2, 4, 8), Eval("2^x", Vars));
        Assert.Contains("exponent must be a single number", EvalError("2^A", Vars).Message);
    }

    [Fact]
    public void Huge_powers_overflow_to_infinity_without_throwing()
    {
        Assert.Equal(double.PositiveInfinity, EvalScalar("2^2^2^2^2^2"));
        Assert.Equal(65536, EvalScalar("2^2^2^2"));
    }

    [Fact]
    public void Indexing_counts_from_one()
    {
        Assert.Equal(2, EvalScalar("x[2]", Vars));
        Assert.Equal(3, EvalScalar("A[2, 1]", Vars));
        Assert.Equal(2, EvalScalar("A[1, n - 1]", Vars));
        Assert.Equal(2, EvalScalar("[1; 2; 3][2]"));
        Assert.Equal(3, EvalScalar("A'[1, 2]", Vars));
        Assert.Equal(9, EvalScalar("x[3]^2", Vars));
    }

    [Fact]
    public void Indexing_errors_are_clear()
    {
        Assert.Equal("index 4 is out of range 1..3 at column 2", EvalError("x[4]", Vars).Message);
        Assert.Equal("index 0 is out of range 1..3 at column 2", EvalError("x[0]", Vars).Message);
        Assert.Equal("index 3 is out of range 1..2 for dimension 2 at column 2", EvalError("A[1, 3]", Vars).Message);
        Assert.Equal("a 2x2 matrix needs 2 indices, as in X[i, j], got 3 at column 2", EvalError("A[1, 1, 1]", Vars).Message);
        Assert.Equal("an index must be a whole number, got 1.5 at column 3", EvalError("x[1.5]", Vars).Message);
        Assert.Equal("cannot index a number at column 2", EvalError("n[1]", Vars).Message);
    }

    [Fact]
    public void Array_literals_build_vectors_matrices_and_higher_ranks()
    {
        AssertArray(V(1, 2, 3), Eval("[1, 2, 3]"));
        AssertArray(M(new double[,] { { 1, 2 }, { 3, 4 } }), Eval("[[1, 2], [3, 4]]"));
        AssertArray(M(new double[,] { { 1, 2 }, { 3, 4 } }), Eval("[1, 2; 3, 4]"));
        AssertArray(M(new double[,] { { 1 }, { 2 } }), Eval("[1; 2]"));
        AssertArray(V(3, 6), Eval("[n, 2n]", Vars));
        Assert.Equal([2, 2, 2], Eval("[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]").Shape);
        AssertArray(M(new double[,] { { 1, 2 }, { 4, 5 } }), Eval("[p, p + 3]", Vars));
        Assert.Contains("same shape", EvalError("[[1, 2], [3]]").Message);
    }

    [Fact]
    public void A_name_before_parentheses_is_a_call_unless_a_variable_shadows_it()
    {
        Assert.Equal(2, EvalScalar("sqrt(4)"));
        Assert.Equal(12, EvalScalar("sqrt(4)", Scope.Empty.With("sqrt", 3)));
        Assert.Equal(12, EvalScalar("n(n + 1)", Vars));
        Assert.Equal(1, EvalScalar("sin(x)^2", Scope.Empty.With("x", Math.PI / 2)), 12);
        Assert.Equal(2 * Math.PI, EvalScalar("2pi(1)"));
        Assert.Equal("unknown function 'foo' at column 5", EvalError("1 + foo(2)").Message);
        Assert.Equal("'n' is a variable, not a function at column 1", EvalError("n(1, 2)", Vars).Message);
        Assert.Equal("'sin' is a function: write sin(...) at column 3", EvalError("2 sin", Vars).Message);
        Assert.Equal("unknown variable 'q' at column 5", EvalError("1 + q", Vars).Message);
    }

    [Fact]
    public void Postfix_after_a_variable_times_a_group_applies_to_the_group()
    {
        Assert.Equal(3 * 16, EvalScalar("n(n + 1)^2", Vars));
        AssertArray(M(new double[,] { { 3, 6 } }), Eval("n(p)'", Vars));
        Assert.Equal(6, EvalScalar("n(x)[2]", Vars) / 1);
    }

    [Fact]
    public void Named_arguments_bind_by_name()
    {
        var functions = new FunctionTable().Add("scale", ["x"], ["factor", "mode"], "test: x times factor",
            args => Value.Of(args.Scalar("x") * args.Scalar("factor", 1) * (args.Text("mode", "plain") == "neg" ? -1 : 1)));
        Assert.Equal(6, EvalScalar("scale(3, factor=2)", null, functions));
        Assert.Equal(-6, EvalScalar("scale(3, mode='neg', factor=2)", null, functions));
        Assert.Equal(3, EvalScalar("scale(3)", null, functions));
        Assert.Equal(10, EvalScalar("scale(x=5, factor=2)", null, functions));
        Assert.Equal("scale has no parameter 'size': scale(x, factor?, mode?) at column 1",
            EvalError("scale(3, size=2)", null, functions).Message);
        Assert.Equal("scale needs argument 'x': scale(x, factor?, mode?) at column 1",
            EvalError("scale(factor=2)", null, functions).Message);
        Assert.Equal("scale: 'mode' must be a string at column 1", EvalError("scale(1, mode=2)", null, functions).Message);
    }

    [Fact]
    public void Built_in_exceptions_become_positioned_evaluation_errors()
    {
        var functions = new FunctionTable()
            .Add("bad", [], [], "test", _ => throw new ArgumentException("bad input", "x"))
            .Add("worse", [], [], "test", _ => throw new InvalidOperationException("no state"));
        Assert.Equal("bad input at column 5", EvalError("1 + bad()", null, functions).Message);
        Assert.Equal("no state at column 1", EvalError("worse()", null, functions).Message);
    }

    [Fact]
    public void Comparisons_and_logic_give_one_or_zero()
    {
        Assert.Equal(1, EvalScalar("3 > 2"));
        Assert.Equal(0, EvalScalar("3 < 2"));
        Assert.Equal(1, EvalScalar("2 <= 2"));
        Assert.Equal(1, EvalScalar("2 == 2"));
        Assert.Equal(1, EvalScalar("2 != 3"));
        Assert.Equal(1, EvalScalar("1 < 2 < 3"));
        Assert.Equal(1, EvalScalar("3 > 2 > 1"));
        Assert.Equal(0, EvalScalar("1 < 3 < 2"));
        Assert.Equal(1, EvalScalar("not 0"));
        Assert.Equal(0, EvalScalar("1 and 0"));
        Assert.Equal(1, EvalScalar("1 or 0"));
        Assert.Equal(1, EvalScalar("!(1 && 0) || 0"));
        AssertArray(V(0, 1, 1), Eval("x > 1", Vars));
        Assert.Equal(1, EvalScalar("'same' == \"same\""));
    }

    [Fact]
    public void Strings_are_only_option_values()
    {
        Assert.Equal("a string can only be an option argument, as in padding=\"same\" at column 5", EvalError("'a' + 1").Message);
        Assert.IsType<Value.Text>(EvalValue("'valid'"));
    }

    [Fact]
    public void Exceeding_the_budget_stops_evaluation()
    {
        var e = EvalError("ones(100, 100) * ones(100, 100)", null, null, new EvaluationBudget(maxOperations: 100_000));
        Assert.Equal("expression too expensive to evaluate at column 16", e.Message);
        Assert.Equal(100, EvalScalar("(ones(100, 100) * ones(100, 100))[1, 1]"));
        Assert.Contains("too large", EvalError("ones(10, 10)", null, null, new EvaluationBudget(maxElements: 50)).Message);
        Assert.Contains("too large", EvalError("eye(100000)").Message);
    }

    [Fact]
    public void Budget_counts_what_was_done()
    {
        var budget = new EvaluationBudget();
        EvalValue("A B", Vars, null, budget);
        // 3 nodes, 2x2x2 multiply-adds, and the 2x2 result.
        Assert.Equal(3 + 8 + 4, budget.Used);
    }

    [Fact]
    public void Division_by_zero_follows_floating_point()
    {
        Assert.Equal(double.PositiveInfinity, EvalScalar("1/0"));
        Assert.True(double.IsNaN(EvalScalar("0/0")));
        Assert.Contains("use inv(...)", EvalError("A / ones(3, 3)", Vars).Message);
        Assert.Contains("cannot divide by I", EvalError("A / I", Vars).Message);
    }

    [Fact]
    public void Try_evaluate_reports_instead_of_throwing()
    {
        Assert.False(ExpressionEvaluator.TryEvaluate(Parse("x y"), Vars, MathFunctions, out var value, out var error));
        Assert.Null(value);
        Assert.StartsWith("cannot multiply two vectors", error);
        Assert.True(ExpressionEvaluator.TryEvaluate(Parse("2n"), Vars, MathFunctions, out value, out error));
        Assert.Equal(Value.Of(6), value);
        Assert.Equal("", error);
    }

    [Fact]
    public void Deeply_nested_trees_built_by_hand_fail_cleanly()
    {
        Expr expr = new Expr.Identifier("x", 1);
        for (int i = 0; i < 100_000; i++) expr = new Expr.Unary(UnaryOperator.Negate, expr, 1);
        Assert.False(ExpressionEvaluator.TryEvaluate(expr, Vars, MathFunctions, out _, out var error));
        Assert.Contains("nested too deeply", error);
    }
}
