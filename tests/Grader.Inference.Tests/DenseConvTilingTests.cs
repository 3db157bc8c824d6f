using static Grader.Inference.Tests.TestData;

namespace Grader.Inference.Tests;

/// <summary>Shapes aimed at the edges of the dense convolution kernels' tiling, checked against
/// the naive direct convolution in <see cref="ConvTests"/>: the channels-last kernel (8 pixels × 32
/// channels per register tile, whole images or row bands per task; more than 16 input channels or
/// rows under 10 pixels) and the row kernel (16 pixels of a row × 8 channels, column phases for
/// strides; few input channels).</summary>
public class DenseConvTilingTests
{
    public static IEnumerable<object[]> TilingCases() =>
    [
        // n, c, h, w, m, k, stride, pad, dilation
        [20, 5, 3, 3, 40, 3, 1, 1, 1],    // several images per task, tiles straddling images, 8 of 40 channels in the last block
        [1, 20, 40, 37, 70, 3, 1, 1, 1],  // row bands, the last band one row; 70 channels = 2 blocks + 6
        [3, 7, 15, 13, 33, 3, 2, 1, 1],   // stride 2, odd sizes, pixel count not a multiple of 8
        [2, 4, 9, 10, 33, 3, 1, 2, 2],    // dilated: one run per tap instead of per kernel row
        [3, 1, 12, 12, 6, 5, 1, 0, 1],    // one input channel, 5x5, fewer output channels than a block
        [2, 3, 21, 19, 64, 7, 2, 3, 1],   // ResNet stem shape: 7x7 stride 2 on 3 channels
        [3, 24, 7, 9, 40, 1, 2, 0, 1],    // 1x1 stride 2 (ResNet downsample)
        [2, 21, 11, 19, 35, 3, 1, 1, 1],  // 8x8 register transposes into the slab, plus 5 channels and 3 pixels of ragged edge
        [1, 2, 5, 4, 3, 3, 3, 2, 1],      // stride larger than the map leaves, padding wider than the kernel's reach
        // row kernel
        [2, 3, 30, 29, 12, 3, 2, 2, 2],   // stride 2 and dilation 2: taps in one column phase; 15 of 16 lanes
        [1, 2, 25, 40, 9, 4, 3, 1, 1],    // stride 3 (three phases), even kernel, 9 channels = 8 + 1
        [1, 4, 70, 33, 10, 3, 1, 1, 1],   // 3 vectors per row, 3 bands of rows (the last 8 rows), odd vector count
        [4, 16, 14, 14, 32, 3, 1, 1, 1],  // Fashion-MNIST conv2
        [3, 1, 32, 32, 6, 5, 1, 0, 1],    // LeNet-5 conv1
    ];

    [Theory]
    [MemberData(nameof(TilingCases))]
    public void MatchesNaiveDirectConvolution(int n, int c, int h, int w, int m, int k, int stride, int pad, int dil)
    {
        var x = Random(n * c * h * w, 11);
        var wt = Random(m * c * k * k, 12);
        var b = Random(m, 13);
        var y = new OnnxBuilder().Input("X", n, c, h, w).Floats("W", [m, c, k, k], wt).Floats("B", [m], b)
            .Node("Conv", ["X", "W", "B"], ["Y"], ("strides", new long[] { stride, stride }), ("pads", new long[] { pad, pad, pad, pad }),
                ("dilations", new long[] { dil, dil }))
            .Output("Y").Run(x, n);
        Near(ConvTests.NaiveConv(x, n, c, h, w, wt, m, k, stride, pad, dil, 1, b), y, 1e-4f);
    }

    [Theory]
    [InlineData(17, 36, 5, 6)]  // channels-last kernel, tiles straddling images
    [InlineData(3, 8, 12, 21)]  // row kernel, a partial second vector per row
    public void FusedResidualAndReluAreAppliedPerPixelAndChannel(int n, int c, int h, int w)
    {
        var x = Random(n * c * h * w, 21);
        var wt = Random(c * c * 9, 22);
        var b = Random(c, 23);
        var y = new OnnxBuilder().Input("X", n, c, h, w).Floats("W", [c, c, 3, 3], wt).Floats("B", [c], b)
            .Node("Conv", ["X", "W", "B"], ["conv"], ("pads", new long[] { 1, 1, 1, 1 }))
            .Node("Add", ["conv", "X"], ["sum"]).Node("Relu", ["sum"], ["Y"])
            .Output("Y").Run(x, n);
        var expected = ConvTests.NaiveConv(x, n, c, h, w, wt, c, 3, 1, 1, 1, 1, b).Select((v, i) => Math.Max(0, v + x[i])).ToArray();
        Near(expected, y, 1e-4f);
    }
}
