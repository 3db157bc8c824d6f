using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using static Grader.Inference.Tests.TestData;

namespace Grader.Inference.Tests;

/// <summary>
/// The CPU backend holds activations channels-last between the kernels that read and write them
/// so (dense convolutions, max pools, the global average pool): which values it picks, and that
/// networks whose layouts change several times (a NCHW stem, a pool into channels-last, a fused
/// residual, a pool back to NCHW before a Flatten) give onnxruntime's outputs.
/// </summary>
public class ChannelsLastLayoutTests
{
    /// <summary>A small ResNet: stem (3 channels: the NCHW row kernel), max pool, a residual block
    /// on channel counts that are not whole 16- or 32-channel blocks, then two heads: a 2x2 max
    /// pool into Flatten and a global average pool, added.</summary>
    private static OnnxBuilder SmallResNet(int c, int stemStride = 2, long[]? blockDilations = null) =>
        new OnnxBuilder().Input("X", null, 3, 29, 37)
            .Floats("Ws", [c, 3, 7, 7], Random(c * 147, 21)).Floats("Bs", [c], Random(c, 22))
            .Floats("Wa", [c, c, 3, 3], Random(c * c * 9, 23)).Floats("Ba", [c], Random(c, 24))
            .Floats("Wb", [c, c, 3, 3], Random(c * c * 9, 25)).Floats("Bb", [c], Random(c, 26))
            .Floats("F", [10, c * HeadPixels(stemStride)], Random(10 * c * HeadPixels(stemStride), 27))
            .Floats("G", [10, c], Random(10 * c, 28))
            .Node("Conv", ["X", "Ws", "Bs"], ["stem"], ("strides", new long[] { stemStride, stemStride }), ("pads", new long[] { 3, 3, 3, 3 }))
            .Node("Relu", ["stem"], ["stemRelu"])
            .Node("MaxPool", ["stemRelu"], ["pool"], ("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 1, 1 }))
            .Node("Conv", ["pool", "Wa", "Ba"], ["a"], ("pads", Pads(blockDilations)), ("dilations", blockDilations ?? [1, 1]))
            .Node("Relu", ["a"], ["aRelu"])
            .Node("Conv", ["aRelu", "Wb", "Bb"], ["b"], ("pads", new long[] { 1, 1, 1, 1 }))
            .Node("Add", ["b", "pool"], ["sum"]).Node("Relu", ["sum"], ["block"])
            .Node("MaxPool", ["block"], ["small"], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }), ("ceil_mode", 1L))
            .Node("Flatten", ["small"], ["flat"]).Node("Gemm", ["flat", "F"], ["head1"], ("transB", 1L))
            .Node("GlobalAveragePool", ["block"], ["gap"]).Node("Flatten", ["gap"], ["gapFlat"])
            .Node("Gemm", ["gapFlat", "G"], ["head2"], ("transB", 1L))
            .Node("Add", ["head1", "head2"], ["Y"]).Output("Y");

    /// <summary>Pixels of the 2x2 pool's output: 29x37 through the stem, the 3x3/2 pool and the ceil-mode 2x2/2 pool.</summary>
    private static int HeadPixels(int stemStride)
    {
        int Size(int input) => ((((input + 6 - 7) / stemStride + 1) + 2 - 3) / 2 + 1 + 1) / 2;
        return Size(29) * Size(37);
    }

    private static long[] Pads(long[]? dilations) => dilations is null ? [1, 1, 1, 1] : [dilations[0], dilations[1], dilations[0], dilations[1]];

    [Fact]
    public void ActivationsBetweenConvolutionsAndPoolsAreChannelsLastAndTheRestNchw()
    {
        var model = InferenceModel.Load(SmallResNet(24).Build());
        var plan = PreparedPlan.Create(model.Graph, [2, 3, 29, 37]).Plan;
        var channelsLast = ChannelsLastLayout.Assign(plan).Select(v => v.Name).ToHashSet();
        if (!PixelTileKernel.Supported)
        {
            // Without AVX-512 the dense convolutions take the NCHW im2col path: nothing changes layout.
            Assert.Empty(channelsLast);
            return;
        }
        // The stem (row kernel) writes NCHW; the pool turns it channels-last for the block, whose
        // residual (the pool's output) shares the block output's layout; the 2x2 pool feeding
        // Flatten writes NCHW again; the global average pool reads channels-last.
        Assert.Equal(["aRelu", "block", "pool"], channelsLast.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(plan.Input.Name, channelsLast);
        Assert.DoesNotContain(plan.Outputs[0].Name, channelsLast);
    }

    [Theory]
    [InlineData(24, 2)]   // channels neither a 16- nor a 32-block: masked stores, scalar pool tails
    [InlineData(64, 2)]   // two full 32-channel blocks, as in ResNet's first stage
    [InlineData(40, 1)]   // stride-1 stem: larger maps, bands over several tasks
    [InlineData(24, 1)]
    public void SmallResNetWithLayoutChangesMatchesOnnxRuntime(int channels, int threads) =>
        OnnxRuntimeOracle.AssertSame(SmallResNet(channels, stemStride: channels == 40 ? 1 : 2), [3, 3, 29, 37], threads, 1e-3f);

    [Fact]
    public void DilatedConvolutionReadingChannelsLastMatchesOnnxRuntime() =>
        OnnxRuntimeOracle.AssertSame(SmallResNet(32, blockDilations: [2, 2]), [2, 3, 29, 37], tolerance: 1e-3f);

    /// <summary>A ResNet downsample: 1x1 stride-2 convolution of a channels-last value as the
    /// residual of a 3x3 stride-2 one, then a max pool with padding and ceil mode.</summary>
    [Theory]
    [InlineData(48, 80)]
    [InlineData(32, 64)]
    public void DownsampleBlockAndPaddedCeilPoolOnChannelsLastMatchOnnxRuntime(int c, int m) =>
        OnnxRuntimeOracle.AssertSame(new OnnxBuilder().Input("X", null, c, 15, 13)
            .Floats("W0", [c, c, 3, 3], Random(c * c * 9, 31)).Floats("W1", [m, c, 3, 3], Random(m * c * 9, 32))
            .Floats("W2", [m, c, 1, 1], Random(m * c, 33)).Floats("B1", [m], Random(m, 34))
            .Floats("W3", [m, m, 3, 3], Random(m * m * 9, 35))
            .Node("Conv", ["X", "W0"], ["x0"], ("pads", new long[] { 1, 1, 1, 1 }))
            .Node("Conv", ["x0", "W1", "B1"], ["c1"], ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 1, 1 }))
            .Node("Conv", ["x0", "W2"], ["c2"], ("strides", new long[] { 2, 2 }))
            .Node("Add", ["c1", "c2"], ["s"]).Node("Relu", ["s"], ["r"])
            .Node("MaxPool", ["r"], ["p"], ("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }),
                ("pads", new long[] { 1, 1, 1, 1 }), ("ceil_mode", 1L))
            .Node("Conv", ["p", "W3"], ["Y"], ("pads", new long[] { 1, 1, 1, 1 })).Output("Y"), [2, c, 15, 13], tolerance: 1e-3f);

    /// <summary>A channels-last convolution output pooled into NCHW for a Flatten: the pool takes
    /// bands of rows per task (35 columns: 4 rows, the last band of an image 3), whole images
    /// for narrow maps (7 columns).</summary>
    [Theory]
    [InlineData(30, 70)]
    [InlineData(14, 14)]
    public void ChannelsLastPoolIntoFlattenMatchesOnnxRuntime(int h, int w) =>
        OnnxRuntimeOracle.AssertSame(new OnnxBuilder().Input("X", null, 20, h, w)
            .Floats("W", [32, 20, 3, 3], Random(32 * 20 * 9, 51))
            .Floats("F", [5, 32 * (h / 2) * (w / 2)], Random(5 * 32 * (h / 2) * (w / 2), 52))
            .Node("Conv", ["X", "W"], ["c"], ("pads", new long[] { 1, 1, 1, 1 }))
            .Node("MaxPool", ["c"], ["p"], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }))
            .Node("Flatten", ["p"], ["f"]).Node("Gemm", ["f", "F"], ["Y"], ("transB", 1L)).Output("Y"), [3, 20, h, w], tolerance: 1e-3f);
}
