using static Grader.Inference.Tests.TestData;

namespace Grader.Inference.Tests;

public class PoolingTests
{
    private static float[] Pool(string op, float[] x, long[] dims, params (string, object)[] attrs) =>
        OnnxBuilder.Single(op, dims.Select(d => (long?)d).ToArray(), [], 13, attrs).Run(x, (int)dims[0]);

    [Fact]
    public void MaxPoolTakesTheLargestOfEachWindow() =>
        Near([6, 8, 14, 16], Pool("MaxPool", Range(16), [1, 1, 4, 4], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 })));

    [Fact]
    public void MaxPoolCeilModeAddsAPartialLastWindow() =>
        Near([7, 9, 10, 17, 19, 20, 22, 24, 25],
            Pool("MaxPool", Range(25), [1, 1, 5, 5], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }), ("ceil_mode", 1L)));

    [Fact]
    public void MaxPoolPaddingNeverWins() =>
        Near([-1, -1, -1, -1], Pool("MaxPool", [-4, -3, -2, -1], [1, 1, 2, 2], ("kernel_shape", new long[] { 3, 3 }), ("pads", new long[] { 1, 1, 1, 1 })));

    private static readonly float[] Mixed = [-5, 2, -2, 5, 1, -3, 4, 0, -4, 3, -1, -5, 2, -2, 5, 1, -3, 4, 0, -4, 3, -1, -5, 2, -2];

    [Fact]
    public void MaxPoolWithStrideOneAndPaddingSlidesOverEveryPosition() =>
        Near([4, 4, 5, 5, 5, 4, 4, 5, 5, 5, 4, 4, 4, 5, 5, 3, 4, 4, 5, 5, 3, 4, 4, 4, 2],
            Pool("MaxPool", Mixed, [1, 1, 5, 5], ("kernel_shape", new long[] { 3, 3 }), ("pads", new long[] { 1, 1, 1, 1 })));

    [Fact]
    public void MaxPoolOverAWideRowTakesFullVectorsAndAShortTail() =>
        Near([11, 8, 7, 4, 9, 5, 10, 9, 6, 11, 7, 6, 11, 8, 4, 9, 8, 5, 10, 6],
            Pool("MaxPool", Enumerable.Range(0, 80).Select(i => (float)(i * 37 % 23 - 11)).ToArray(), [1, 1, 2, 40],
                ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 })));

    [Fact]
    public void MaxPoolWithDilationSkipsBetweenTaps() =>
        Near([2, 5, 5, 4, 4, 4, 3, 2, 5],
            Pool("MaxPool", Mixed, [1, 1, 5, 5], ("kernel_shape", new long[] { 2, 2 }), ("dilations", new long[] { 2, 2 })));

    [Fact]
    public void AveragePoolExcludesPaddingByDefault() =>
        Near([1, 1.5f, 2, 2, 2.5f, 3, 3, 3.5f, 4],
            Pool("AveragePool", [1, 2, 3, 4], [1, 1, 2, 2], ("kernel_shape", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 1, 1 })));

    [Fact]
    public void AveragePoolCountIncludePadDividesByTheFullWindow() =>
        Near([0.25f, 0.75f, 0.5f, 1, 2.5f, 1.5f, 0.75f, 1.75f, 1],
            Pool("AveragePool", [1, 2, 3, 4], [1, 1, 2, 2], ("kernel_shape", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 1, 1 }), ("count_include_pad", 1L)));

    [Fact]
    public void AveragePoolCeilModeDividesPartialWindowsByTheirTapsInsideThePaddedInput() =>
        Near([3, 4.5f, 7.5f, 9],
            Pool("AveragePool", Range(9), [1, 1, 3, 3], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }), ("ceil_mode", 1L), ("count_include_pad", 1L)));

    [Fact]
    public void GlobalAveragePoolAveragesEachPlane() =>
        Near([2.5f, 25], Pool("GlobalAveragePool", [1, 2, 3, 4, 10, 20, 30, 40], [1, 2, 2, 2]));

    [Fact]
    public void PoolingWorksPerImageInABatch() =>
        Near([4, 8], Pool("MaxPool", Range(8), [2, 1, 2, 2], ("kernel_shape", new long[] { 2, 2 })));

    public static IEnumerable<object[]> MaxPoolCases() =>
    [
        // n, c, h, w, k, stride, pad, dilation, ceil
        [2, 3, 16, 16, 3, 2, 1, 1, 0],   // ResNet stem pool
        [1, 4, 28, 28, 2, 2, 0, 1, 0],   // LeNet / Fashion-MNIST pool: 14 of 16 lanes
        [1, 2, 27, 45, 3, 2, 1, 1, 1],   // odd sizes, ceil mode overhang, two vectors per row (23 outputs)
        [1, 2, 9, 35, 3, 1, 1, 1, 0],    // stride 1: 35 outputs, a tail of 3
        [1, 1, 13, 40, 2, 2, 1, 2, 0],   // dilated taps with stride 2
        [1, 2, 10, 20, 3, 3, 1, 1, 0],   // stride 3: the element-wise path
    ];

    [Theory]
    [MemberData(nameof(MaxPoolCases))]
    public void MaxPoolMatchesNaiveWindows(int n, int c, int h, int w, int k, int stride, int pad, int dil, int ceil)
    {
        var x = Random(n * c * h * w, 7);
        var y = Pool("MaxPool", x, [n, c, h, w], ("kernel_shape", new long[] { k, k }), ("strides", new long[] { stride, stride }),
            ("pads", new long[] { pad, pad, pad, pad }), ("dilations", new long[] { dil, dil }), ("ceil_mode", (long)ceil));
        Near(NaiveMaxPool(x, n * c, h, w, k, stride, pad, dil, ceil == 1), y, 0);
    }

    /// <summary>PyTorch's max_pool2d by definition, including its ceil-mode rule (the last window starts inside the input or left pad).</summary>
    private static float[] NaiveMaxPool(float[] x, int planes, int h, int w, int k, int s, int p, int d, bool ceil)
    {
        int Out(int size)
        {
            int span = size + 2 * p - d * (k - 1) - 1;
            int o = (ceil ? (span + s - 1) / s : span / s) + 1;
            return ceil && (o - 1) * s >= size + p ? o - 1 : o;
        }
        int oh = Out(h), ow = Out(w);
        var y = new float[planes * oh * ow];
        for (int pl = 0; pl < planes; pl++)
            for (int r = 0; r < oh; r++)
                for (int q = 0; q < ow; q++)
                {
                    float m = float.NegativeInfinity;
                    for (int ki = 0; ki < k; ki++)
                        for (int kj = 0; kj < k; kj++)
                        {
                            int ih = r * s - p + ki * d, iw = q * s - p + kj * d;
                            if (ih >= 0 && ih < h && iw >= 0 && iw < w) m = Math.Max(m, x[(pl * h + ih) * w + iw]);
                        }
                    y[(pl * oh + r) * ow + q] = m;
                }
        return y;
    }
}
