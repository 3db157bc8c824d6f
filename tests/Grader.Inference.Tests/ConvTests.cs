using static Grader.Inference.Tests.TestData;

namespace Grader.Inference.Tests;

public class ConvTests
{
    private static readonly float[] Image3x3 = Range(9); // [[1,2,3],[4,5,6],[7,8,9]]

    private static float[] Conv(float[] x, long[] xDims, float[] w, int[] wShape, float[]? b = null, int opset = 13, params (string, object)[] attrs)
    {
        var m = new OnnxBuilder(opset).Input("X", xDims.Select(d => (long?)d).ToArray()).Floats("W", wShape, w);
        if (b is not null) m.Floats("B", [b.Length], b);
        return m.Node("Conv", b is null ? ["X", "W"] : ["X", "W", "B"], ["Y"], attrs).Output("Y").Run(x, (int)xDims[0]);
    }

    [Fact]
    public void ValidConvolutionSumsEachWindow() =>
        Near([12, 16, 24, 28], Conv(Image3x3, [1, 1, 3, 3], [1, 1, 1, 1], [1, 1, 2, 2]));

    [Fact]
    public void BiasIsAddedPerOutputChannel() =>
        Near([12.5f, 16.5f, 24.5f, 28.5f, 11, 15, 23, 27], Conv(Image3x3, [1, 1, 3, 3], [1, 1, 1, 1, 1, 1, 1, 1], [2, 1, 2, 2], [0.5f, -1]));

    [Fact]
    public void ExplicitPadsAndStrideSkipPaddedTaps() =>
        Near([1, 5, 11, 28], Conv(Image3x3, [1, 1, 3, 3], [1, 1, 1, 1], [1, 1, 2, 2], null, 13, ("pads", new long[] { 1, 1, 1, 1 }), ("strides", new long[] { 2, 2 })));

    [Fact]
    public void A_padded_3x3_kernel_on_a_1x1_map_uses_only_its_centre_taps() =>
        Near([52, 142], Conv([2, 3], [1, 2, 1, 1], Range(36), [2, 2, 3, 3], null, 13, ("pads", new long[] { 1, 1, 1, 1 })));

    [Fact]
    public void A_strided_padded_kernel_on_a_2x2_map_uses_the_taps_that_reach_it() =>
        Near([77], Conv([1, 2, 3, 4], [1, 1, 2, 2], Range(9), [1, 1, 3, 3], null, 13, ("pads", new long[] { 1, 1, 1, 1 }), ("strides", new long[] { 2, 2 })));

    [Fact]
    public void SameUpperPutsTheExtraPadAtTheEnd() =>
        Near([12, 16, 9, 24, 28, 15, 15, 17, 9], Conv(Image3x3, [1, 1, 3, 3], [1, 1, 1, 1], [1, 1, 2, 2], null, 13, ("auto_pad", "SAME_UPPER")));

    [Fact]
    public void SameLowerPutsTheExtraPadAtTheStart() =>
        Near([1, 3, 5, 5, 12, 16, 11, 24, 28], Conv(Image3x3, [1, 1, 3, 3], [1, 1, 1, 1], [1, 1, 2, 2], null, 13, ("auto_pad", "SAME_LOWER")));

    [Fact]
    public void ValidAutoPadIgnoresPads() =>
        Near([12, 16, 24, 28], Conv(Image3x3, [1, 1, 3, 3], [1, 1, 1, 1], [1, 1, 2, 2], null, 13, ("auto_pad", "VALID")));

    [Fact]
    public void DilationSpreadsTheKernelTaps() =>
        Near([20], Conv(Image3x3, [1, 1, 3, 3], [1, 1, 1, 1], [1, 1, 2, 2], null, 13, ("dilations", new long[] { 2, 2 })));

    [Fact]
    public void DepthwiseGroupsKeepChannelsSeparate() =>
        // channel 0 all ones, channel 1 all twos; 1x1 weights 3 and 5, group = 2.
        Near([3, 3, 3, 3, 10, 10, 10, 10], Conv([1, 1, 1, 1, 2, 2, 2, 2], [1, 2, 2, 2], [3, 5], [2, 1, 1, 1], null, 13, ("group", 2L)));

    [Fact]
    public void GroupedConvWithChannelMultiplierMapsOutputsToTheirGroup() =>
        Near([1, 2, 6, 8], Conv([1, 2], [1, 2, 1, 1], [1, 2, 3, 4], [4, 1, 1, 1], null, 13, ("group", 2L)));

    [Fact]
    public void OneDimensionalConvolutionSlidesAlongWidth() =>
        Near([3, 5, 7], Conv([1, 2, 3, 4], [1, 1, 4], [1, 1], [1, 1, 2]));

    public static IEnumerable<object[]> RandomCases() =>
    [
        // n, c, h, w, m, k, stride, pad, dilation, group
        [2, 3, 9, 11, 5, 3, 1, 1, 1, 1],
        [1, 4, 8, 8, 6, 3, 2, 1, 1, 2],
        [3, 8, 7, 13, 8, 3, 1, 1, 1, 8],    // depthwise, stride 1
        [2, 6, 9, 9, 6, 3, 2, 1, 1, 6],     // depthwise, stride 2
        [1, 5, 10, 10, 5, 3, 1, 2, 2, 5],   // depthwise, dilated
        [1, 4, 11, 10, 4, 5, 3, 2, 1, 4],   // depthwise, stride 3 (phase split), 5x5
        [1, 3, 9, 9, 3, 3, 2, 2, 2, 3],     // depthwise, stride 2 and dilated (dense rows)
        [2, 16, 6, 6, 40, 1, 1, 0, 1, 1],   // 1x1
        [1, 3, 37, 41, 9, 5, 3, 2, 1, 1],   // many column chunks, odd everything
        [1, 300, 5, 5, 7, 3, 1, 1, 1, 1],   // K = 2700 > KC: several K blocks
        [2, 4, 6, 6, 12, 3, 1, 1, 1, 4],    // groups with multiplier 3
        [1, 2, 7, 7, 3, 4, 2, 0, 2, 1],     // dilation + stride, no pad
    ];

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void MatchesNaiveDirectConvolution(int n, int c, int h, int w, int m, int k, int stride, int pad, int dil, int group)
    {
        var x = Random(n * c * h * w, 1);
        var wt = Random(m * (c / group) * k * k, 2);
        var b = Random(m, 3);
        var y = Conv(x, [n, c, h, w], wt, [m, c / group, k, k], b, 13,
            ("strides", new long[] { stride, stride }), ("pads", new long[] { pad, pad, pad, pad }),
            ("dilations", new long[] { dil, dil }), ("group", (long)group));
        Near(NaiveConv(x, n, c, h, w, wt, m, k, stride, pad, dil, group, b), y, 1e-4f);
    }

    internal static float[] NaiveConv(float[] x, int n, int c, int h, int w, float[] wt, int m, int k, int s, int p, int d, int group, float[] b)
    {
        int oh = (h + 2 * p - d * (k - 1) - 1) / s + 1, ow = (w + 2 * p - d * (k - 1) - 1) / s + 1;
        int cg = c / group, mg = m / group;
        var y = new float[n * m * oh * ow];
        for (int i = 0; i < n; i++)
            for (int o = 0; o < m; o++)
                for (int r = 0; r < oh; r++)
                    for (int q = 0; q < ow; q++)
                    {
                        double acc = b[o];
                        int g = o / mg;
                        for (int ci = 0; ci < cg; ci++)
                            for (int ki = 0; ki < k; ki++)
                                for (int kj = 0; kj < k; kj++)
                                {
                                    int ih = r * s - p + ki * d, iw = q * s - p + kj * d;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                    acc += x[((i * c + g * cg + ci) * h + ih) * w + iw] * wt[((o * cg + ci) * k + ki) * k + kj];
                                }
                        y[((i * m + o) * oh + r) * ow + q] = (float)acc;
                    }
        return y;
    }
}
