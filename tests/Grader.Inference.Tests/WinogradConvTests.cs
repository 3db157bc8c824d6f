using System.Runtime.Intrinsics;
using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using static Grader.Inference.Tests.TestData;

namespace Grader.Inference.Tests;

/// <summary>
/// 3x3 stride-1 convolutions between channels-last activations run by Winograd's F(2x2, 3x3):
/// the transforms against values worked by hand and against the direct sum, which convolutions
/// take the path, and whole chains against onnxruntime on maps whose tiles overhang the edges,
/// cross image boundaries and end in partial register tiles.
/// </summary>
public class WinogradConvTests
{
    [Fact]
    public void FilterTransformIsGgGtWorkedByHand()
    {
        // G g for g = [1 2 3; 4 5 6; 7 8 9]: rows g0, (g0+g1+g2)/2, (g0−g1+g2)/2, g2 = [1 2 3; 6 7.5 9; 2 2.5 3; 7 8 9];
        // then each row r becomes [r0, (r0+r1+r2)/2, (r0−r1+r2)/2, r2].
        float[] expected = [1, 3, 1, 3, 6, 11.25f, 3.75f, 9, 2, 3.75f, 1.25f, 3, 7, 12, 4, 9];
        var u = new float[16];
        WinogradF2x3.TransformFilter([1, 2, 3, 4, 5, 6, 7, 8, 9], u);
        Assert.Equal(expected, u);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void OneTileThroughTheTransformsEqualsTheDirectSum(int seed)
    {
        var d = Random(16, seed);
        var g = Random(9, seed + 10);
        var u = new float[16];
        WinogradF2x3.TransformFilter(g, u);
        // Bᵀ d B: rows, then columns (each lane of the vectors holds the same value).
        var v = new Vector512<float>[16];
        for (int i = 0; i < 16; i++) v[i] = Vector512.Create(d[i]);
        for (int i = 0; i < 4; i++) WinogradF2x3.InputPoints(ref v[i * 4], ref v[i * 4 + 1], ref v[i * 4 + 2], ref v[i * 4 + 3]);
        for (int j = 0; j < 4; j++) WinogradF2x3.InputPoints(ref v[j], ref v[4 + j], ref v[8 + j], ref v[12 + j]);
        var m = new Vector512<float>[16];
        for (int i = 0; i < 16; i++) m[i] = v[i] * Vector512.Create(u[i]);
        // Aᵀ m A: columns of m to rows s0, s1, then each row to two outputs.
        var s0 = new Vector512<float>[4];
        var s1 = new Vector512<float>[4];
        for (int j = 0; j < 4; j++) (s0[j], s1[j]) = WinogradF2x3.OutputPoints(m[j], m[4 + j], m[8 + j], m[12 + j]);
        var (y00, y01) = WinogradF2x3.OutputPoints(s0[0], s0[1], s0[2], s0[3]);
        var (y10, y11) = WinogradF2x3.OutputPoints(s1[0], s1[1], s1[2], s1[3]);
        float[] actual = [y00[0], y01[0], y10[0], y11[0]];

        var direct = new float[4];
        for (int oy = 0; oy < 2; oy++)
            for (int ox = 0; ox < 2; ox++)
            {
                double sum = 0;
                for (int ky = 0; ky < 3; ky++)
                    for (int kx = 0; kx < 3; kx++) sum += (double)d[(oy + ky) * 4 + ox + kx] * g[ky * 3 + kx];
                direct[oy * 2 + ox] = (float)sum;
            }
        Near(direct, actual, 1e-6f);
    }

    /// <summary>More than the row kernel takes (16), so conv a is a channels-last convolution too.</summary>
    private const int InputChannels = 20;

    /// <summary>X (NCHW) → conv a (writes channels-last) → conv b, the candidate, optionally adding
    /// a as its residual → conv c (1x1, back to NCHW for the output).</summary>
    private static OnnxBuilder Chain(int c, int m, int h, int w, long[] pads, bool residual = false, long[]? strides = null,
        long[]? dilations = null, int inputChannels = InputChannels)
    {
        var b = new OnnxBuilder().Input("X", null, inputChannels, h, w)
            .Floats("Wa", [c, inputChannels, 3, 3], Random(c * inputChannels * 9, 41)).Floats("Ba", [c], Random(c, 42))
            .Floats("Wb", [m, c, 3, 3], Random(m * c * 9, 43)).Floats("Bb", [m], Random(m, 44))
            .Floats("Wc", [8, m, 1, 1], Random(8 * m, 45))
            .Node("Conv", ["X", "Wa", "Ba"], ["a0"], ("pads", new long[] { 1, 1, 1, 1 }))
            .Node("Relu", ["a0"], ["a"])
            .Node("Conv", ["a", "Wb", "Bb"], ["b"], ("pads", pads), ("strides", strides ?? [1, 1]), ("dilations", dilations ?? [1, 1]));
        if (residual) b = b.Node("Add", ["b", "a"], ["sum"]);
        return b.Node("Relu", [residual ? "sum" : "b"], ["bRelu"]).Node("Conv", ["bRelu", "Wc"], ["Y"]).Output("Y");
    }

    private static IReadOnlyList<ICpuKernel> Kernels(OnnxBuilder builder, int[] shape) =>
        new BoundPlan(PreparedPlan.Create(InferenceModel.Load(builder.Build()).Graph, shape), 2).Kernels;

    private static int WinogradKernels(OnnxBuilder builder, int[] shape) => Kernels(builder, shape).OfType<WinogradConvKernel>().Count();

    [Fact]
    public void OnlyTheThreeByThreeStrideOneConvolutionBetweenChannelsLastActivationsTakesThePath()
    {
        if (!PixelTileKernel.Supported) return; // without AVX-512 no convolution is channels-last
        long[] same = [1, 1, 1, 1];
        // Conv a reads the NCHW input, conv c is 1x1: only b qualifies.
        Assert.Equal(1, WinogradKernels(Chain(32, 32, 12, 12, same), [2, InputChannels, 12, 12]));
        Assert.Equal(0, WinogradKernels(Chain(32, 32, 12, 12, same, strides: [2, 2]), [2, InputChannels, 12, 12]));
        Assert.Equal(0, WinogradKernels(Chain(32, 32, 12, 12, [2, 2, 2, 2], dilations: [2, 2]), [2, InputChannels, 12, 12]));
        // Input channels that are not whole 16-float vectors, output channels not whole register tiles.
        Assert.Equal(0, WinogradKernels(Chain(24, 32, 12, 12, same), [2, InputChannels, 12, 12]));
        Assert.Equal(0, WinogradKernels(Chain(8, 32, 12, 12, same), [2, InputChannels, 12, 12]));
        Assert.Equal(0, WinogradKernels(Chain(32, 40, 12, 12, same), [2, InputChannels, 12, 12]));
        // 16 channels on a map the row kernel would take: Winograd, since both neighbours are channels-last.
        Assert.Equal(1, WinogradKernels(Chain(16, 32, 12, 12, same), [2, InputChannels, 12, 12]));
    }

    [Fact]
    public void SixteenChannelsAfterARowConvolutionStayOnTheRowKernel()
    {
        if (!PixelTileKernel.Supported) return;
        // Conv a has 3 input channels and 12-pixel rows: the row kernel, which writes NCHW, so
        // conv b reads NCHW and keeps the row kernel rather than take a channels-last one.
        var kernels = Kernels(Chain(16, 32, 12, 12, [1, 1, 1, 1], inputChannels: 3), [2, 3, 12, 12]);
        Assert.IsType<RowConvKernel>(kernels[0]);
        Assert.IsType<RowConvKernel>(kernels[1]);
    }

    [Theory]
    // Odd maps: the last tile row and column overhang the output; 30 tiles per image, so tasks of
    // 16 cross images and the last ends in a partial register tile.
    [InlineData(32, 32, 9, 11, new long[] { 1, 1, 1, 1 }, false, 3, 2)]
    // No padding (6x6 output), more output than input channels, one thread.
    [InlineData(48, 64, 8, 8, new long[] { 0, 0, 0, 0 }, false, 2, 1)]
    // Uneven pads: one row above and one column on the right only.
    [InlineData(32, 64, 10, 7, new long[] { 1, 0, 0, 1 }, false, 2, 2)]
    // A fused residual and ReLU, as in every ResNet block; maps of several tasks per image.
    [InlineData(64, 64, 30, 30, new long[] { 1, 1, 1, 1 }, true, 2, 2)]
    // 16 input channels (a small CNN's second convolution), on a 14x14 map.
    [InlineData(16, 32, 14, 14, new long[] { 1, 1, 1, 1 }, false, 4, 2)]
    // A 2x3 map: one tile, its patch mostly padding.
    [InlineData(64, 32, 2, 3, new long[] { 1, 1, 1, 1 }, false, 5, 2)]
    public void ChainsMatchOnnxRuntime(int c, int m, int h, int w, long[] pads, bool residual, int batch, int threads) =>
        OnnxRuntimeOracle.AssertWithinScale(Chain(c, m, h, w, pads, residual), [batch, InputChannels, h, w], threads, 2e-6);
}
