using Grader.Core.Expressions;
using Grader.Core.Expressions.Builtins;
using Grader.Core.Numerics;
using Grader.Core.Tests.Reference.Support;
using static Grader.Core.Tests.Reference.Support.AssertArray;
using static Grader.Core.Tests.Reference.Support.Builtins;

namespace Grader.Core.Tests.Reference;

/// <summary>The expression-language bindings: names, parameters, conversions and error messages.</summary>
public class ReferenceBuiltinsTests
{
    private static readonly NdArray X000 = TorchFixtures.Get("seed000_filters.json", "seed000_sobel_x").Tensor("x");

    [Fact]
    public void The_standard_table_builds_with_the_reference_library()
    {
        var table = StandardFunctions.Table;
        foreach (var name in new[] { "conv2d", "maxpool2d", "lrelu", "prelu", "softmax", "cross_entropy", "bce", "ridge",
                     "conv_output_size", "conv2d_params", "receptive_field", "toeplitz", "index_matrix" })
            Assert.True(table.Contains(name), name);
    }

    [Fact]
    public void Every_function_has_a_summary()
    {
        foreach (var signature in Table.Signatures)
            Assert.False(string.IsNullOrWhiteSpace(signature.Summary), signature.Name);
    }

    [Theory]
    [InlineData("seed000_sobel_x")]
    [InlineData("seed000_sobel_y")]
    [InlineData("seed000_laplacian")]
    public void Conv2d_with_same_padding_text(string name)
    {
        var c = TorchFixtures.Get("seed000_filters.json", name);
        AssertArray.Close(c.ExpectedTensors().Single().Value, Array("conv2d", c.Tensor("x"), c.Tensor("w"), ("padding", "same")));
        AssertArray.Close(c.ExpectedTensors().Single().Value, Array("correlate2d", c.Tensor("x"), c.Tensor("w"), ("padding", "SAME")));
        // 'same' for a 3×3 kernel at stride 1 is padding 1 on each side
        AssertArray.Close(c.ExpectedTensors().Single().Value, Array("conv2d", c.Tensor("x"), c.Tensor("w"), ("padding", 1)));
    }

    [Fact]
    public void Positional_arguments_follow_the_documented_order()
    {
        var k = M(new double[,] { { 1, 0 }, { 0, 1 } });
        // conv2d(x, k, stride, padding, dilation): stride 2, padding 0, dilation 2 on the 5×5 X
        // outputs at rows/cols 0 and 2: Y[i,j] = X[2i,2j] + X[2i+2,2j+2]
        var y = Array("conv2d", X000, k, 2, 0, 2);
        Assert.Equal(M(new double[,] { { 8 + 3, 9 + 7 }, { 5 + 6, 3 + 1 } }), y);
    }

    [Fact]
    public void Padding_forms()
    {
        var k = M(new double[,] { { 1 } });
        Assert.Equal([7, 9], Array("conv2d", X000, k, ("padding", new[] { 1, 2 })).Shape);
        Assert.Equal([6, 8], Array("conv2d", X000, k, ("padding", new[] { 0, 1, 2, 1 })).Shape);
        Assert.Equal([5, 5], Array("conv2d", X000, k, ("padding", "valid")).Shape);
        Assert.Equal([3, 2], Array("conv2d", X000, k, ("stride", new[] { 2, 3 })).Shape);
        Assert.Equal([9], Array("conv1d", V(1, 2, 3, 4, 5), V(1), ("padding", new[] { 3, 1 })).Shape);
    }

    [Fact]
    public void Maxpool_with_only_a_kernel_uses_it_as_the_stride()
    {
        var x = Variants180577();
        Assert.Equal(M(new double[,] { { 8, 5 }, { -0.5, -0.5 } }), Array("maxpool2d", x, 2));
        Assert.Equal([3, 3], Array("maxpool2d", x, 2, 1).Shape);
        Assert.Equal([2, 2], Array("avgpool2d", x, new[] { 2, 2 }).Shape);
    }

    [Fact]
    public void Seed003_chain_through_the_bindings()
    {
        var u = Array("maxpool2d", Variants180577(), 2);
        var v = Array("lrelu", u, 0.1);
        var w = V(1, 2, 10, 4);
        AssertArray.Close(17.3, Number("dense", w, v.Reshape(4)), 1e-12);
        var dv = Array("dense_backward_x", w, 2.0);
        Assert.Equal(V(2, 4, 20, 8), dv);
        var du = Array("lrelu_backward", u, dv.Reshape(2, 2), ("alpha", 0.1));
        AssertArray.Close(M(new double[,] { { 2, 4 }, { 2, 0.8 } }), du, 1e-15);
        Assert.Equal(-2, Number("prelu_alpha_grad", M(new double[,] { { 2, -1 }, { -3, 4 } }), M(new double[,] { { 2, -2.5 }, { 1.5, 3 } })));
    }

    [Fact]
    public void Leaky_relu_defaults_to_alpha_0_01_and_has_an_alias()
    {
        Assert.Equal(V(-0.01, 3), Array("lrelu", V(-1, 3)));
        Assert.Equal(V(-0.5, 3), Array("leaky_relu", V(-1, 3), ("alpha", 0.5)));
        Assert.Equal(V(0, 1), Array("relu_grad", V(-1, 3), V(1, 1)));
    }

    [Fact]
    public void Arithmetic_functions()
    {
        Assert.Equal(5, Number("conv_output_size", 21, 4, ("s", 4)));
        Assert.Equal(2, Number("conv_output_size", 12, 5, 0, 4));
        Assert.Equal(28, Number("conv_output_size", 32, 5));
        Assert.Equal(16, Number("conv_output_size", 32, 3, ("p", 1), ("s", 2)));
        Assert.Equal(14, Number("pool_output_size", 28, 2));
        Assert.Equal(4, Number("same_output_size", 7, 2));
        Assert.Equal(6, Number("conv_transpose_output_size", 3, 3, 2, 1, 1));
        Assert.Equal(760, Number("conv2d_params", 5, 3, 10));
        Assert.Equal(750, Number("conv2d_params", 5, 3, 10, ("bias", 0)));
        Assert.Equal(156, Number("conv2d_params", new[] { 5, 5 }, 1, 6));
        Assert.Equal(10164, Number("linear_params", 120, 84));
        Assert.Equal(704, Number("depthwise_separable_params", 3, 16, 32));
        Assert.Equal(128, Number("batchnorm2d_params", 64));
        Assert.Equal(17, Number("receptive_field", 4, 5));
        Assert.Equal(V(5, 9, 13, 17), Array("receptive_field_of", new[] { 5, 5, 5, 5 }));
        Assert.Equal(V(3, 7, 15), Array("receptive_field_of", new[] { 3, 3, 5 }, new[] { 2, 1, 2 }));
        Assert.Equal(V(3, 7), Array("receptive_field_of", new[] { 3, 3 }, 2));
    }

    [Fact]
    public void Losses_take_the_target_first()
    {
        AssertArray.Close(-(Math.Log(0.2) + Math.Log(0.5) + Math.Log(0.9)) / 3, Number("bce", V(1, 0, 0), V(0.2, 0.5, 0.1)), 1e-15);
        Assert.Equal(7.5, Number("mse", V(0, 2, 3, -1), V(1, 0, 3, 4)));
        Assert.Equal(2, Number("l1", V(0, 2, 3, -1), V(1, 0, 3, 4)));
        AssertArray.Close(Math.Log(4), Number("cross_entropy_index", 1, V(0.5, 0.25, 0.25)), 1e-15);
        AssertArray.Close(Math.Log(4), Number("cross_entropy", V(0, 1, 0), V(0.5, 0.25, 0.25)), 1e-15);
    }

    [Fact]
    public void Toeplitz_and_index_matrix()
    {
        Assert.Equal([4, 9], Array("toeplitz", M(new double[,] { { 1, 2 }, { 3, 4 } }), 3, 3).Shape);
        Assert.Equal([9, 9], Array("toeplitz", M(new double[,] { { 1, 2 }, { 3, 4 } }), 3, 3, ("padding", "same")).Shape);
        Assert.Equal(Variants180577(), Array("index_matrix", "180577X"));
        Assert.Equal(Variants180577(), Array("index_matrix", 180577));
    }

    [Fact]
    public void Library_errors_become_evaluation_errors_named_after_the_function()
    {
        var e = Assert.Throws<EvaluationException>(() => Call("conv2d", X000, NdArray.Zeros(7, 7)));
        Assert.StartsWith("conv2d: ", e.Message);
        Assert.Contains("larger than the padded input", e.Message);

        e = Assert.Throws<EvaluationException>(() => Call("index_matrix", "12345"));
        Assert.Equal("index_matrix: the index number \"12345\" has 5 digit(s); the input matrix needs at least 6", e.Message);

        e = Assert.Throws<EvaluationException>(() => Call("conv2d", X000, M(new double[,] { { 1 } }), ("padding", "full")));
        Assert.Contains("\"same\", \"valid\"", e.Message);

        e = Assert.Throws<EvaluationException>(() => Call("maxpool2d", X000, 2.5));
        Assert.Contains("'kernel' must be whole numbers", e.Message);

        e = Assert.Throws<EvaluationException>(() => Call("conv2d", X000, M(new double[,] { { 1 } }), ("padding", new[] { 1, 2, 3 })));
        Assert.Contains("[top, bottom, left, right]", e.Message);

        e = Assert.Throws<EvaluationException>(() => Call("conv2d_params", 3, 3, 8, ("bias", 2)));
        Assert.Contains("1 (yes) or 0 (no)", e.Message);

        e = Assert.Throws<EvaluationException>(() => Call("index_matrix", new Value.Identity(1)));
        Assert.Contains("must be a string", e.Message);

        e = Assert.Throws<EvaluationException>(() => Call("conv2d", X000));
        Assert.Contains("needs argument 'k'", e.Message);
    }

    private static NdArray Variants180577() => M(new double[,]
    {
        { 1, 8, 0.5, 5 }, { 7, 7.1, -1, -8 }, { -0.5, -5, -7, -7.1 }, { -1, -8, -0.5, -5 },
    });
}
