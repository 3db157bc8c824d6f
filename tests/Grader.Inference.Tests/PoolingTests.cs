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
}
