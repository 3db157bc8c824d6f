using Grader.Inference.Cpu;
using static Grader.Inference.Tests.TestData;

namespace Grader.Inference.Tests;

public class ApiTests
{
    private static InferenceModel LeNet => InferenceModel.Load(Fixture.Load("lenet5_opset13").ModelBytes);

    [Fact]
    public void DescribesTheModelInputOutputsAndCost()
    {
        var m = LeNet;
        Assert.Null(m.FixedBatch);
        Assert.Equal(new int?[] { 1, 32, 32 }, m.ImageDims);
        Assert.Equal(13, m.Opset);
        Assert.Contains("Conv", m.OperatorTypes);
        Assert.Equal([10], m.Cost!.OutputShape);
        // LeNet-5: ~0.42 M multiply-adds per image.
        Assert.InRange(m.Cost.FlopsPerImage, 800_000, 900_000);
    }

    [Fact]
    public void IncompatibleImageShapeIsExplained()
    {
        var r = LeNet.CheckInputShape([3, 32, 32]);
        Assert.False(r.IsCompatible);
        Assert.Equal("model expects 1x32x32, data set gives 3x32x32", r.Message);
        Assert.True(LeNet.CheckInputShape([1, 32, 32]).IsCompatible);
    }

    [Fact]
    public void SymbolicSpatialDimsAreCheckedByPlanningTheWholeGraph()
    {
        // Conv then a Linear layer sized for 4x4 feature maps: only 4x4 images fit.
        var m = new OnnxBuilder().Input("X", null, 1, null, null).Floats("W", [1, 1, 1, 1], 1).Floats("L", [3, 16], new float[48])
            .Node("Conv", ["X", "W"], ["c"]).Node("Flatten", ["c"], ["f"]).Node("Gemm", ["f", "L"], ["Y"], ("transB", 1L)).Output("Y").Load();
        Assert.True(m.CheckInputShape([1, 4, 4]).IsCompatible);
        var bad = m.CheckInputShape([1, 5, 5]);
        Assert.False(bad.IsCompatible);
        Assert.Contains("expects 16 input features", bad.Message);
        Assert.Throws<ModelLoadException>(() => new CpuBackend().Compile(m));
    }

    [Fact]
    public void LargeRunsAreSplitIntoChunksWithTheSameResults()
    {
        var fx = Fixture.Load("resnet18_narrow_opset13");
        var model = InferenceModel.Load(fx.ModelBytes);
        using var whole = new CpuBackend().Compile(model);
        using var chunked = new CpuBackend().Compile(model, new CompileOptions { MaxBatch = 3, Threads = 1 });
        var x = fx.Input;
        Near(whole.Run(x, 7), chunked.Run(x, 7), 1e-5f);
        Outputs.AssertClose(fx.ExpectedOutput, chunked.Run(x, 7), "chunked");
    }

    [Fact]
    public void ArenaBudgetSplitsBatchesIntoSmallerChunks()
    {
        var fx = Fixture.Load("vgg_bn_opset13");
        var model = InferenceModel.Load(fx.ModelBytes);
        using var c = new CpuBackend().Compile(model, new CompileOptions { MaxArenaBytes = 2 * model.Cost!.ActivationBytesPerImage });
        Outputs.AssertClose(fx.ExpectedOutput, c.Run(fx.Input, 7), "vgg in chunks of 2");
    }

    [Fact]
    public void WrongBufferSizesAreRejected()
    {
        using var c = new CpuBackend().Compile(LeNet);
        Assert.Throws<ArgumentException>(() => c.Run(new float[c.ImageSize * 2 - 1], 2, new float[20]));
        Assert.Throws<ArgumentException>(() => c.Run(new float[c.ImageSize * 2], 2, new float[19]));
    }

    [Fact]
    public void ArgMaxGivesPredictedClasses()
    {
        using var c = new CpuBackend().Compile(LeNet);
        Assert.Equal([2, 0], c.ArgMax([0, 0, 5, 1, 0, 0, 0, 0, 0, 0, 9, 0, 5, 1, 0, 0, 0, 0, 0, 0]));
    }

    [Fact]
    public void RepeatedRunsReuseBuffersAndGiveIdenticalResults()
    {
        using var c = new CpuBackend().Compile(LeNet);
        var x = Random(5 * c.ImageSize, 9);
        var first = c.Run(x, 5);
        for (int i = 0; i < 3; i++) Assert.Equal(first, c.Run(x, 5));
    }

    [Fact]
    public void A_small_model_runs_a_large_batch_in_equal_cache_sized_chunks()
    {
        // ~150 KiB of activations per image and a handful of weights: 37 images run as 3 chunks
        // (13, 13, 11), each a plan of its own; every image must come out as if run alone.
        const int n = 37, h = 64, w = 64, m = 8;
        var x = Random(n * h * w, 31);
        var wt = Random(m * 9, 32);
        var b = Random(m, 33);
        var y = new OnnxBuilder().Input("X", null, 1, h, w).Floats("W", [m, 1, 3, 3], wt).Floats("B", [m], b)
            .Node("Conv", ["X", "W", "B"], ["Y"], ("pads", new long[] { 1, 1, 1, 1 })).Output("Y").Run(x, n);
        Near(ConvTests.NaiveConv(x, n, 1, h, w, wt, m, 3, 1, 1, 1, 1, b), y, 1e-4f);
    }
}
