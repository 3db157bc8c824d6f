using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using static Grader.Inference.Tests.TestData;

namespace Grader.Inference.Tests;

/// <summary>
/// A convolution on the row kernel followed by a max pool runs as one CPU step where the
/// convolution's map is too large to stay in cache (ResNet's stem at 224x224): which plans fuse,
/// and that the fused step gives onnxruntime's outputs for the pools networks use, into NCHW and
/// channels-last consumers alike.
/// </summary>
public class ConvPoolFusionTests
{
    /// <summary>Stem (7x7 stride 2 on 3 channels, ReLU) then a pool, then either a channels-last
    /// convolution or a Flatten (NCHW) reading the pooled map.</summary>
    private static OnnxBuilder StemThenPool(int m, int h, int w, long[] kernel, long[] strides, long[] pads, bool flattenAfter, bool ceil = false)
    {
        var builder = new OnnxBuilder().Input("X", null, 3, h, w)
            .Floats("Ws", [m, 3, 7, 7], Random(m * 147, 41)).Floats("Bs", [m], Random(m, 42))
            .Node("Conv", ["X", "Ws", "Bs"], ["stem"], ("strides", new long[] { 2, 2 }), ("pads", new long[] { 3, 3, 3, 3 }))
            .Node("Relu", ["stem"], ["stemRelu"])
            .Node("MaxPool", ["stemRelu"], ["pool"], ("kernel_shape", kernel), ("strides", strides), ("pads", pads), ("ceil_mode", ceil ? 1L : 0L));
        if (flattenAfter) return builder.Node("Flatten", ["pool"], ["Y"]).Output("Y");
        return builder.Floats("Wc", [m, m, 3, 3], Random(m * m * 9, 43))
            .Node("Conv", ["pool", "Wc"], ["Y"], ("pads", new long[] { 1, 1, 1, 1 })).Output("Y");
    }

    private static ExecutionPlan CpuPlan(OnnxBuilder builder, int[] shape, bool cacheSizedChunks = true) =>
        PreparedPlan.Create(InferenceModel.Load(builder.Build()).Graph, shape, plan => ConvPoolFusion.Run(plan, cacheSizedChunks)).Plan;

    [Fact]
    public void AStemWithALargeMapAndItsPoolBecomeOneStep()
    {
        // 64 channels of 64x64 after the stem: 1 MiB per image.
        var plan = CpuPlan(StemThenPool(64, 128, 128, [3, 3], [2, 2], [1, 1, 1, 1], flattenAfter: false), [2, 3, 128, 128]);
        if (!RowTileKernel.Supported)
        {
            Assert.DoesNotContain(plan.Steps, s => s.OpType == "Conv+MaxPool");
            return;
        }
        var fused = Assert.Single(plan.Steps, s => s.OpType == "Conv+MaxPool");
        Assert.DoesNotContain(plan.Steps, s => s.OpType == "MaxPool");
        Assert.Equal([2, 64, 32, 32], fused.Outputs[0].Shape);
        Assert.Same(fused, fused.Outputs[0].Producer);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SmallMapsFuseOnlyWhereThePlanDoesNotRunCacheSizedChunks(bool cacheSizedChunks)
    {
        // 28x28 after the stem (a Fashion-MNIST-sized map): in a small model's cache-sized chunks
        // the separate kernels are faster; in a large model's batch the map goes through memory.
        var plan = CpuPlan(StemThenPool(64, 56, 56, [2, 2], [2, 2], [0, 0, 0, 0], flattenAfter: true), [4, 3, 56, 56], cacheSizedChunks);
        bool fused = plan.Steps.Any(s => s.OpType == "Conv+MaxPool");
        Assert.Equal(!cacheSizedChunks && RowTileKernel.Supported, fused);
        Assert.Equal(!fused, plan.Steps.Any(s => s.OpType == "MaxPool"));
    }

    public static TheoryData<int, int, int, long[], long[], long[], bool, bool> Pools => new()
    {
        // m, h, w, kernel, strides, pads, flatten after (NCHW output), ceil mode
        { 64, 128, 128, [3, 3], [2, 2], [1, 1, 1, 1], false, false },  // ResNet's stem pool, channels-last out
        { 64, 128, 128, [3, 3], [2, 2], [1, 1, 1, 1], true, false },   // the same into a Flatten (NCHW out)
        { 40, 180, 150, [2, 2], [2, 2], [0, 0, 0, 0], false, false },  // VGG's 2x2 pool, 40 channels (not whole blocks)
        { 40, 181, 151, [3, 3], [2, 2], [0, 0, 0, 0], true, true },    // odd map, ceil mode: windows past the edge
        { 48, 150, 150, [3, 3], [1, 1], [1, 1, 1, 1], false, false },  // stride 1
        { 48, 150, 150, [3, 3], [3, 3], [1, 1, 1, 1], true, false },   // stride 3 (scalar across the row)
    };

    [Theory]
    [MemberData(nameof(Pools))]
    public void FusedConvolutionAndPoolMatchOnnxRuntime(int m, int h, int w, long[] kernel, long[] strides, long[] pads, bool flatten, bool ceil)
    {
        var builder = StemThenPool(m, h, w, kernel, strides, pads, flatten, ceil);
        Assert.Contains(CpuPlan(builder, [2, 3, h, w], cacheSizedChunks: false).Steps, s => s.OpType == "Conv+MaxPool" || !RowTileKernel.Supported);
        OnnxRuntimeOracle.AssertSame(builder, [2, 3, h, w], threads: 2, tolerance: 1e-3f);
        OnnxRuntimeOracle.AssertSame(builder, [1, 3, h, w], threads: 1, tolerance: 1e-3f);
    }
}
