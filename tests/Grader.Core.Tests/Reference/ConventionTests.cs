using Grader.Core.Numerics;
using Grader.Core.Reference;
using Grader.Core.Tests.Reference.Support;
using static Grader.Core.Tests.Reference.Support.AssertArray;

namespace Grader.Core.Tests.Reference;

/// <summary>The documented interpretation choices, each pinned by a small hand-worked case.</summary>
public class ConventionTests
{
    [Fact]
    public void Max_pool_ties_route_the_gradient_to_the_first_maximum_in_row_major_order()
    {
        var x = M(new double[,] { { 3, 3 }, { 3, 1 } });
        var dx = Pooling.MaxPoolBackward(x, M(new double[,] { { 5 } }), 2);
        Assert.Equal(M(new double[,] { { 5, 0 }, { 0, 0 } }), dx);
        // Second-row tie: (1,0) and (1,1) hold the max 4 → (1,0) wins.
        var y = M(new double[,] { { 1, 2 }, { 4, 4 } });
        Assert.Equal(M(new double[,] { { 0, 0 }, { 7, 0 } }), Pooling.MaxPoolBackward(y, M(new double[,] { { 7 } }), 2));
    }

    [Fact]
    public void Overlapping_max_pool_windows_add_their_gradients()
    {
        // 1×3 input, kernel 1×2, stride 1: both windows pick the 9 in the middle.
        var x = M(new double[,] { { 1, 9, 2 } });
        var dx = Pooling.MaxPoolBackward(x, M(new double[,] { { 1, 10 } }), new Size2(1, 2), 1);
        Assert.Equal(M(new double[,] { { 0, 11, 0 } }), dx);
    }

    [Fact]
    public void Average_pool_counts_the_zero_padding()
    {
        // 2×2 of ones, kernel 2, stride 2, padding 1 → each window holds one real 1 among 4 cells → 0.25
        var y = Pooling.AvgPool2D(M(new double[,] { { 1, 1 }, { 1, 1 } }), 2, padding: 1);
        Assert.Equal(M(new double[,] { { 0.25, 0.25 }, { 0.25, 0.25 } }), y);
    }

    [Fact]
    public void Same_padding_with_an_even_kernel_puts_the_extra_zero_at_the_bottom_and_right()
    {
        // 3×3 input, 2×2 kernel of ones: padding total 1 per axis → 0 top/left, 1 bottom/right.
        var x = M(new double[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } });
        var y = Convolution.CrossCorrelate2D(x, M(new double[,] { { 1, 1 }, { 1, 1 } }), new Conv2dOptions { Padding = Padding.Same });
        // Y[0,0] = 1+2+4+5 = 12; Y[2,2] = 9 (right/bottom padding); Y[0,2] = 3+6 = 9
        Assert.Equal(M(new double[,] { { 12, 16, 9 }, { 24, 28, 15 }, { 15, 17, 9 } }), y);
    }

    [Fact]
    public void Same_padding_with_stride_gives_ceil_in_over_stride()
    {
        var y = Convolution.CrossCorrelate2D(NdArray.Zeros(7, 8), NdArray.Zeros(3, 3),
            new Conv2dOptions { Padding = Padding.Same, Stride = new Size2(2, 3) });
        Assert.Equal([4, 3], y.Shape); // ceil(7/2) = 4, ceil(8/3) = 3
        Assert.Equal((0, 1), Padding.SameAxis(8, 2, 1, 1));
        Assert.Equal((1, 1), Padding.SameAxis(7, 3, 2, 1)); // out 4: total (4−1)·2 + 3 − 7 = 2
    }

    [Fact]
    public void True_convolution_flips_the_kernel()
    {
        // x = [[1,2],[3,4]], k = [[1,0],[0,2]]: correlate = 1·1 + 2·4 = 9; convolve = correlate with [[2,0],[0,1]] = 2 + 4 = 6
        var x = M(new double[,] { { 1, 2 }, { 3, 4 } });
        var k = M(new double[,] { { 1, 0 }, { 0, 2 } });
        Assert.Equal(9, Convolution.CrossCorrelate2D(x, k)[0, 0]);
        Assert.Equal(6, Convolution.Convolve2D(x, k)[0, 0]);
        // 1-D: x = (1, 2, 3), k = (1, 0, −1): correlate 1 − 3 = −2; convolve (−1)·1 + 3 = 2
        Assert.Equal(-2, Convolution.CrossCorrelate1D(V(1, 2, 3), V(1, 0, -1))[0]);
        Assert.Equal(2, Convolution.Convolve1D(V(1, 2, 3), V(1, 0, -1))[0]);
    }

    [Fact]
    public void Output_rank_follows_the_input_and_the_kernel()
    {
        Assert.Equal([3, 3], Convolution.CrossCorrelate2D(NdArray.Zeros(5, 5), NdArray.Zeros(3, 3)).Shape);
        Assert.Equal([1, 3, 3], Convolution.CrossCorrelate2D(NdArray.Zeros(1, 5, 5), NdArray.Zeros(3, 3)).Shape);
        Assert.Equal([2, 3, 3], Convolution.CrossCorrelate2D(NdArray.Zeros(5, 5), NdArray.Zeros(2, 1, 3, 3)).Shape);
        Assert.Equal([4, 2, 3, 3], Convolution.CrossCorrelate2D(NdArray.Zeros(4, 1, 5, 5), NdArray.Zeros(2, 1, 3, 3)).Shape);
        Assert.Equal([3], Convolution.CrossCorrelate1D(NdArray.Zeros(5), NdArray.Zeros(3)).Shape);
    }

    [Fact]
    public void Relu_family_uses_the_left_derivative_at_zero()
    {
        var x = V(-1, 0, 2);
        var g = V(1, 1, 1);
        Assert.Equal(V(0, 0, 1), Activations.ReLUBackward(x, g));
        Assert.Equal(V(0.1, 0.1, 1), Activations.LeakyReLUBackward(x, g, 0.1));
        Assert.Equal(V(-0.01, 0, 2), Activations.LeakyReLU(x));
    }

    [Fact]
    public void Cross_entropy_skips_classes_with_zero_target()
    {
        // −(1·ln 0.5) with p = 0 for a class whose target is 0
        AssertArray.Close(Math.Log(2), Losses.CrossEntropy(V(0, 1), V(0, 0.5)), 1e-15);
    }

    [Fact]
    public void Bce_clamps_the_log_at_minus_100_like_pytorch()
    {
        // y = 1, ŷ = 0: −max(ln 0, −100) = 100, averaged with a perfect prediction → 50
        Assert.Equal(50, Losses.BinaryCrossEntropy(V(1, 1), V(0, 1)));
    }

    [Fact]
    public void Dense_batch_and_backward_shapes()
    {
        // W = [[1,2],[3,4]], batch X = [[1,0],[0,1]] → Y = X Wᵀ = [[1,3],[2,4]]
        var w = M(new double[,] { { 1, 2 }, { 3, 4 } });
        var x = M(new double[,] { { 1, 0 }, { 0, 1 } });
        Assert.Equal(M(new double[,] { { 1, 3 }, { 2, 4 } }), Dense.Forward(w, x));
        // G = [[1,0],[0,1]]: dX = G W = W; dW = Gᵀ X = I; db = column sums (1, 1)
        Assert.Equal(w, Dense.BackwardInput(w, x));
        Assert.Equal(x, Dense.BackwardWeights(x, x));
        Assert.Equal(V(1, 1), Dense.BackwardBias(x));
        // one neuron: W a vector, g a scalar → dW = g·x, a vector
        Assert.Equal(V(3, 6), Dense.BackwardWeights(V(1, 2), NdArray.Scalar(3)));
    }
}
