using static Grader.Inference.Tests.TestData;

namespace Grader.Inference.Tests;

/// <summary>
/// Shapes aimed at the CPU kernels' fast paths, each checked against onnxruntime (the independent
/// oracle): MaxPool 2x2/2 over flat runs of output rows (two short rows per vector, ranges ending
/// on an odd row, the tensor's last rows), row convolutions whose short last vector spills into
/// the next row, the Linear layer's packed GEMM with A packed by all workers, and a small model's
/// batch run as chunks side by side on single-threaded plans (with a short last chunk), and
/// channels-last convolutions with a fused residual and ReLU on ResNet-like channel counts.
/// </summary>
public class KernelPathOracleTests
{
    public static TheoryData<int, int, int, int> PoolShapes => new()
    {
        { 3, 5, 14, 14 },  // 7 outputs per row: two rows per vector, 105 rows in all (odd)
        { 2, 3, 28, 28 },  // 14 outputs: one row per vector, two spare lanes
        { 1, 7, 32, 32 },  // 16 outputs: a full vector per row
        { 5, 3, 10, 6 },   // 3 outputs per row, 5 rows per plane
        { 1, 1, 2, 2 },    // one output: only the scalar tail
        { 37, 9, 8, 16 },  // many planes over several tasks, each range ending mid-way through a pair
    };

    [Theory]
    [MemberData(nameof(PoolShapes))]
    public void MaxPoolTwoByTwoOverFlatRowRuns(int n, int c, int h, int w) =>
        OnnxRuntimeOracle.AssertSame(OnnxBuilder.Single("MaxPool", [n, c, h, w], [], 13,
            ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 })), [n, c, h, w]);

    public static TheoryData<int, int, int, int, int, int, int> ConvShapes => new()
    {
        // n, c, h, w, m, k, stride
        { 3, 1, 28, 28, 16, 3, 1 },   // Fashion conv1: one input channel, rows of 16 + 12 lanes
        { 2, 16, 14, 14, 32, 3, 1 },  // Fashion conv2: rows of 14 lanes, 14 vectors in groups of 3
        { 1, 3, 70, 27, 10, 3, 1 },   // row bands over several tasks, 2 vectors per row (16 + 11)
        { 2, 3, 37, 41, 13, 7, 2 },   // 7x7 stride 2 on 3 channels (a stem), odd sizes
        { 4, 5, 11, 10, 9, 3, 1 },    // 10-pixel rows, 9 channels (a block + 1), odd vector counts
    };

    [Theory]
    [MemberData(nameof(ConvShapes))]
    public void RowConvolutionWithReluSpillsShortRowsIntoTheNext(int n, int c, int h, int w, int m, int k, int stride) =>
        OnnxRuntimeOracle.AssertSame(new OnnxBuilder().Input("X", n, c, h, w).Floats("W", [m, c, k, k], Random(m * c * k * k, 5))
            .Floats("B", [m], Random(m, 6))
            .Node("Conv", ["X", "W", "B"], ["C"], ("strides", new long[] { stride, stride }), ("pads", new long[] { k / 2, k / 2, k / 2, k / 2 }))
            .Node("Relu", ["C"], ["Y"]).Output("Y"), [n, c, h, w]);

    public static TheoryData<int, int, int, int, int, int> ChannelsLastShapes => new()
    {
        // n, c, h, w, m, stride: over 16 input channels, so the channels-last kernel (8 x 32 tiles)
        { 3, 24, 13, 13, 64, 1 },   // bands of 9 rows (117 pixels, a 5-pixel last tile), tiles crossing rows
        { 2, 32, 15, 15, 128, 2 },  // four channel blocks, stride 2, 8x8 maps (64 pixels per image)
        { 5, 20, 7, 9, 64, 1 },     // 63-pixel images: tiles straddling images
        { 2, 17, 10, 11, 192, 2 },  // six channel blocks, odd map, stride 2 with padding on every side
        { 3, 24, 9, 9, 96, 1 },     // 81-pixel images, three channel blocks
    };

    /// <summary>A 3x3 (pad 1) and a 1x1 convolution of the same input added, then ReLU: one of them
    /// takes the other as its fused residual, as in a ResNet block with a downsample.</summary>
    [Theory]
    [MemberData(nameof(ChannelsLastShapes))]
    public void ChannelsLastConvolutionWithResidualAndRelu(int n, int c, int h, int w, int m, int stride) =>
        OnnxRuntimeOracle.AssertSame(new OnnxBuilder().Input("X", n, c, h, w)
            .Floats("W1", [m, c, 3, 3], Random(m * c * 9, 11)).Floats("B1", [m], Random(m, 12))
            .Floats("W2", [m, c, 1, 1], Random(m * c, 13)).Floats("B2", [m], Random(m, 14))
            .Node("Conv", ["X", "W1", "B1"], ["c1"], ("strides", new long[] { stride, stride }), ("pads", new long[] { 1, 1, 1, 1 }))
            .Node("Conv", ["X", "W2", "B2"], ["c2"], ("strides", new long[] { stride, stride }))
            .Node("Add", ["c1", "c2"], ["s"]).Node("Relu", ["s"], ["Y"]).Output("Y"), [n, c, h, w], tolerance: 1e-3f);

    [Theory]
    [InlineData(32, 1568, 64)]  // the Fashion CNN's Linear on a chunk: 4 row panels over both workers
    [InlineData(37, 300, 45)]   // ragged rows (not a multiple of 8), K over one 256 block, ragged columns
    [InlineData(5, 13, 3)]      // under one row panel and one 8-wide transpose
    public void LinearLayerPacksActivationsOnEveryWorker(int batch, int k, int n) =>
        OnnxRuntimeOracle.AssertSame(new OnnxBuilder().Input("X", batch, k).Floats("W", [n, k], Random(n * k, 7)).Floats("B", [n], Random(n, 8))
            .Node("Gemm", ["X", "W", "B"], ["Y"], ("transB", 1L)).Output("Y"), [batch, k]);

    [Theory]
    [InlineData(37, 2)]   // chunks side by side with a short last chunk
    [InlineData(256, 2)]  // the benchmark's batch
    [InlineData(20, 1)]   // one worker: chunks one after another
    public void SmallCnnBatchesRunAsChunksSideBySide(int batch, int threads) =>
        OnnxRuntimeOracle.AssertSame(new OnnxBuilder().Input("X", null, 1, 28, 28)
            .Floats("W1", [16, 1, 3, 3], Random(144, 1)).Floats("B1", [16], Random(16, 2))
            .Floats("W2", [32, 16, 3, 3], Random(32 * 144, 3)).Floats("B2", [32], Random(32, 4))
            .Floats("F", [10, 32 * 7 * 7], Random(10 * 1568, 9))
            .Node("Conv", ["X", "W1", "B1"], ["c1"], ("pads", new long[] { 1, 1, 1, 1 })).Node("Relu", ["c1"], ["r1"])
            .Node("MaxPool", ["r1"], ["p1"], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }))
            .Node("Conv", ["p1", "W2", "B2"], ["c2"], ("pads", new long[] { 1, 1, 1, 1 })).Node("Relu", ["c2"], ["r2"])
            .Node("MaxPool", ["r2"], ["p2"], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }))
            .Node("Flatten", ["p2"], ["f"]).Node("Gemm", ["f", "F"], ["Y"], ("transB", 1L)).Output("Y"), [batch, 1, 28, 28], threads, 1e-3f);
}
