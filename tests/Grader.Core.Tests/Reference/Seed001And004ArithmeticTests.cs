using Grader.Core.Numerics;
using Grader.Core.Reference;
using Grader.Core.Tests.Reference.Support;
using static Grader.Core.Tests.Reference.Support.AssertArray;

namespace Grader.Core.Tests.Reference;

/// <summary>Seed 001 (NYU HW2 Problem 1.1) and seed 004 (NNTI sheet 10, exercise 10.2).</summary>
public class Seed001And004ArithmeticTests
{
    [Fact]
    public void Seed001_q1_21x12_input_4x5_kernel_stride_4_gives_5x2()
    {
        // (21 − 4)/4 = 4.25 → 4, + 1 = 5;  (12 − 5)/4 = 1.75 → 1, + 1 = 2
        Assert.Equal(5, ConvArithmetic.ConvOutputSize(21, 4, stride: 4));
        Assert.Equal(2, ConvArithmetic.ConvOutputSize(12, 5, stride: 4));
        var y = Convolution.CrossCorrelate2D(NdArray.Zeros(21, 12), NdArray.Zeros(4, 5), new Conv2dOptions { Stride = 4 });
        Assert.Equal([5, 2], y.Shape);
    }

    [Fact]
    public void Seed001_q3_length_7_kernel_3_stride_2_gives_3_outputs_not_2()
    {
        // (7 − 3)/2 + 1 = 3: windows start at 1, 3, 5 (1-based). The sheet's answer R^2 is wrong.
        Assert.Equal(3, ConvArithmetic.ConvOutputSize(7, 3, stride: 2));
        var x = NdArray.Zeros(5, 7);       // 5 channels, length 7
        var w = NdArray.Zeros(1, 5, 3);    // one filter
        Assert.Equal([1, 3], Convolution.CrossCorrelate1D(x, w, new Conv1dOptions { Stride = 2 }).Shape);
    }

    [Fact]
    public void Seed001_q3_output_is_the_sum_over_channels_and_taps()
    {
        // x[c, i] = c + i/10 (0-based), W[0, c, j] = 1 when j == 0 else 0 → f[r] = Σ_c x[c, 2r] = 10 + 5·(2r)/10
        var x = new NdArray([5, 7], Enumerable.Range(0, 35).Select(k => k / 7 + (k % 7) / 10.0).ToArray());
        var w = NdArray.Zeros(1, 5, 3);
        for (int c = 0; c < 5; c++) w.Data[c * 3] = 1;
        var y = Convolution.CrossCorrelate1D(x, w, new Conv1dOptions { Stride = 2 });
        AssertArray.Close(new NdArray([1, 3], [10, 11, 12]), y, 1e-12);
    }

    [Fact]
    public void Seed004_d_output_dimensions_28x28x10()
    {
        // (32 − 5)/1 + 1 = 28 along both axes, 10 filters
        Assert.Equal(28, ConvArithmetic.ConvOutputSize(32, 5));
        var y = Convolution.CrossCorrelate2D(NdArray.Zeros(3, 32, 32), NdArray.Zeros(10, 3, 5, 5));
        Assert.Equal([10, 28, 28], y.Shape);
    }

    [Fact]
    public void Seed004_d_parameters_760()
    {
        // (5·5·3 + 1)·10 = 76·10 = 760; without biases 750
        Assert.Equal(760, ParameterCounts.Conv2d(5, 3, 10));
        Assert.Equal(750, ParameterCounts.Conv2d(5, 3, 10, bias: false));
    }

    [Fact]
    public void Seed004_d_receptive_fields_5_9_13_17()
    {
        // R_0 = 1, R_l = R_(l−1) + (5 − 1)·1 → 5, 9, 13, 17
        int[] kernels = [5, 5, 5, 5], strides = [1, 1, 1, 1];
        Assert.Equal([5L, 9, 13, 17], ConvArithmetic.ReceptiveFields(kernels, strides));
        Assert.Equal(17, ConvArithmetic.ReceptiveField(4, 5));
        Assert.Equal(17, ConvArithmetic.ReceptiveFieldClosedForm(kernels, strides));
    }

    [Fact]
    public void Receptive_field_with_strides_recursion_equals_closed_form()
    {
        // k = (3, 3, 5), s = (2, 1, 2): R = 1 + 2·1 + 2·2 + 4·2 = 15
        int[] kernels = [3, 3, 5], strides = [2, 1, 2];
        Assert.Equal([3L, 7, 15], ConvArithmetic.ReceptiveFields(kernels, strides));
        Assert.Equal(15, ConvArithmetic.ReceptiveFieldClosedForm(kernels, strides));
    }

    [Fact]
    public void Seed004_b_toeplitz_of_2x2_kernel_on_3x3_input_is_4x9()
    {
        // Kernel [[w1,w2],[w3,w4]] = [[1,2],[3,4]]; output (i,j) reads x at (i..i+1, j..j+1), flat index 3r + c.
        var t = Toeplitz.Matrix(M(new double[,] { { 1, 2 }, { 3, 4 } }), 3, 3);
        var expected = M(new double[,]
        {
            { 1, 2, 0, 3, 4, 0, 0, 0, 0 },
            { 0, 1, 2, 0, 3, 4, 0, 0, 0 },
            { 0, 0, 0, 1, 2, 0, 3, 4, 0 },
            { 0, 0, 0, 0, 1, 2, 0, 3, 4 },
        });
        Assert.Equal(expected, t);
    }

    [Fact]
    public void Other_sizes_hand_worked()
    {
        // same: ceil(7/2) = 4; pool: (6 − 2)/2 + 1 = 3; transposed: (3 − 1)·2 − 2·1 + (3 − 1) + 1 + 1 = 6
        Assert.Equal(4, ConvArithmetic.SameOutputSize(7, 2));
        Assert.Equal(3, ConvArithmetic.PoolOutputSize(6, 2));
        Assert.Equal(6, ConvArithmetic.TransposedConvOutputSize(3, 3, stride: 2, padding: 1, outputPadding: 1));
        // dilation 2, k = 3 → effective 5: (10 + 2·1 − 5)/1 + 1 = 8
        Assert.Equal(8, ConvArithmetic.ConvOutputSize(10, 3, padding: 1, dilation: 2));
        // ceil mode: (5 − 2)/2 = 1.5 → 2, + 1 = 3 (PyTorch MaxPool2d(2, ceil_mode=True) on 5 → 3)
        Assert.Equal(3, ConvArithmetic.PoolOutputSize(5, 2, ceilMode: true));
        // Depthwise separable, k = 3, C = 16, N = 32: 3·3·16 + 16 + 16·32 + 32 = 144 + 16 + 512 + 32 = 704
        Assert.Equal(704, ParameterCounts.DepthwiseSeparable(3, 16, 32));
        Assert.Equal(656, ParameterCounts.DepthwiseSeparable(3, 16, 32, bias: false));
        // Linear 120 → 84: 10080 + 84; BatchNorm2d(64): 128
        Assert.Equal(10164, ParameterCounts.Linear(120, 84));
        Assert.Equal(128, ParameterCounts.BatchNorm(64));
    }
}
