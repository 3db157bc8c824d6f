using Grader.Core.Numerics;
using Grader.Core.Reference;
using Grader.Core.Reference.Layers;
using static Grader.Core.Tests.Reference.Support.AssertArray;

namespace Grader.Core.Tests.Reference;

/// <summary>Bad arguments give an ArgumentException whose message says what is wrong.</summary>
public class ValidationTests
{
    private static void Fails(Action call, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(call);
        foreach (var fragment in fragments) Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Kernel_larger_than_input() =>
        Fails(() => ConvArithmetic.ConvOutputSize(3, 5), "kernel (effective size 5)", "padded input (size 3)");

    [Fact]
    public void Dilated_kernel_larger_than_input() =>
        Fails(() => ConvArithmetic.ConvOutputSize(5, 3, dilation: 3), "effective size 7");

    [Theory]
    [InlineData(0, 3, 1, "input size must be a positive whole number, got 0")]
    [InlineData(5, 0, 1, "kernel size must be a positive whole number, got 0")]
    [InlineData(5, 3, 0, "stride must be a positive whole number, got 0")]
    public void Non_positive_sizes(int input, int kernel, int stride, string message) =>
        Fails(() => ConvArithmetic.ConvOutputSize(input, kernel, stride: stride), message);

    [Fact]
    public void Negative_padding() => Fails(() => ConvArithmetic.ConvOutputSize(5, 3, padding: -1), "padding must not be negative");

    [Fact]
    public void Pool_padding_more_than_half_the_kernel() =>
        Fails(() => Pooling.MaxPool2D(NdArray.Zeros(4, 4), 2, padding: 2), "at most half the kernel size");

    [Fact]
    public void Convolution_channel_mismatch() =>
        Fails(() => Convolution.CrossCorrelate2D(NdArray.Zeros(3, 5, 5), NdArray.Zeros(2, 2, 3, 3)),
            "2 channel(s) per filter", "3 channel(s)");

    [Fact]
    public void Two_dimensional_kernel_on_a_multi_channel_input() =>
        Fails(() => Convolution.CrossCorrelate2D(NdArray.Zeros(3, 5, 5), NdArray.Zeros(3, 3)), "1 channel(s) per filter");

    [Fact]
    public void Groups_that_do_not_divide_the_channels() =>
        Fails(() => Convolution.CrossCorrelate2D(NdArray.Zeros(3, 5, 5), NdArray.Zeros(2, 1, 3, 3), new Conv2dOptions { Groups = 2 }),
            "groups (2) must divide");

    [Fact]
    public void Bias_of_the_wrong_length() =>
        Fails(() => Convolution.CrossCorrelate2D(NdArray.Zeros(5, 5), NdArray.Zeros(2, 1, 3, 3), new Conv2dOptions { Bias = V(1, 2, 3) }),
            "one value per filter (2)");

    [Fact]
    public void Kernel_of_rank_three_is_ambiguous() =>
        Fails(() => Convolution.CrossCorrelate2D(NdArray.Zeros(5, 5), NdArray.Zeros(1, 3, 3)), "rank 2 or 4");

    [Fact]
    public void Unknown_padding_mode() => Fails(() => Padding.Parse("full"), "\"same\", \"valid\" or a number", "full");

    [Fact]
    public void Pool_gradient_of_the_wrong_shape() =>
        Fails(() => Pooling.MaxPoolBackward(NdArray.Zeros(4, 4), NdArray.Zeros(3, 3), 2), "shape of the pooling output, 2x2", "got 3x3");

    [Fact]
    public void Activation_gradient_of_the_wrong_shape() =>
        Fails(() => Activations.ReLUBackward(V(1, 2), V(1, 2, 3)), "same shape", "the input is 2", "the output gradient is 3");

    [Fact]
    public void Loss_shapes_differ() => Fails(() => Losses.MeanSquaredError(V(1, 2), V(1, 2, 3)), "same shape", "2 and 3");

    [Fact]
    public void Cross_entropy_of_zero_probability_for_the_true_class() =>
        Fails(() => Losses.CrossEntropy(V(1, 0), V(0, 1)), "infinite");

    [Fact]
    public void Class_index_out_of_range() => Fails(() => Losses.CrossEntropyIndex(3, V(0.5, 0.5)), "0 to 1 (0-based)");

    [Fact]
    public void Bce_prediction_outside_zero_one() => Fails(() => Losses.BinaryCrossEntropy(V(1), V(1.5)), "in [0, 1]");

    [Fact]
    public void Dense_size_mismatch() =>
        Fails(() => Dense.Forward(M(new double[,] { { 1, 2, 3 } }), V(1, 2)), "W has 3 column(s) but x has 2 entries");

    [Fact]
    public void Ridge_with_mismatched_targets() =>
        Fails(() => Regression.Ridge(NdArray.Zeros(3, 2), V(1, 2), 0.1), "3 row(s)", "y has 2");

    [Fact]
    public void Ordinary_least_squares_with_dependent_columns() =>
        Fails(() => Regression.OrdinaryLeastSquares(M(new double[,] { { 1, 2 }, { 2, 4 }, { 3, 6 } }), V(1, 2, 3)), "singular");

    [Fact]
    public void Negative_lambda() => Fails(() => Regression.Ridge(NdArray.Zeros(2, 1), V(1, 2), -1), "must not be negative");

    [Fact]
    public void Index_number_with_too_few_digits() =>
        Fails(() => Variants.IndexMatrix("12-34X"), "\"12-34X\" has 4 digit(s)", "at least 6");

    [Fact]
    public void Receptive_field_needs_a_stride_per_layer() =>
        Fails(() => ConvArithmetic.ReceptiveFields([3, 3], [1]), "2 kernel size(s), 1 stride(s)");

    [Fact]
    public void Receptive_field_that_overflows() =>
        Fails(() => ConvArithmetic.ReceptiveField(40, 3, 1000), "the receptive field is too large to represent");

    [Fact]
    public void Parameter_count_groups() => Fails(() => ParameterCounts.Conv2d(3, 4, 6, groups: 4), "groups (4) must divide");

    [Fact]
    public void Network_layer_that_does_not_fit_names_the_layer() =>
        Fails(() => NetworkSummary.Summarize([1, 8, 8], [new Flatten(), new Conv2d(4, 3)]),
            "Conv2d-2 (input 64)", "needs a (C, H, W) input");

    [Fact]
    public void Network_conv_too_large_for_its_input() =>
        Fails(() => NetworkSummary.Summarize([1, 4, 4], [new Conv2d(4, 5)]), "Conv2d-1 (input 1x4x4)", "larger than the padded input");

    [Fact]
    public void Hostile_sizes_are_refused_before_computing() =>
        Fails(() => Convolution.CrossCorrelate2D(NdArray.Zeros(64, 200, 200), NdArray.Zeros(64, 64, 9, 9), new Conv2dOptions { Padding = Padding.Same }),
            "too large to compute");
}
