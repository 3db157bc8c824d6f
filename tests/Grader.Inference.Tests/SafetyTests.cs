using Grader.Inference.Cpu;
using Grader.Inference.Onnx.Proto;
using Grader.Inference.Safety;

namespace Grader.Inference.Tests;

public class SafetyTests
{
    private static ModelLoadException Refused(byte[] bytes, ModelLimits? limits = null) =>
        Assert.Throws<ModelLoadException>(() => InferenceModel.Load(bytes, limits));

    private static ModelLoadException Refused(OnnxBuilder b, ModelLimits? limits = null) => Refused(b.Build(), limits);

    private static byte[] LeNet => Fixture.Load("lenet5_opset13").ModelBytes;

    [Fact]
    public void TruncatedFileIsRefusedAsDamaged()
    {
        var bytes = LeNet;
        foreach (int len in new[] { 1, 10, 1000, bytes.Length / 2, bytes.Length - 1 })
            Assert.Contains("not a valid ONNX model", Refused(bytes[..len]).Message);
    }

    [Fact]
    public void EmptyFileIsRefused() => Assert.Contains("empty", Refused([]).Message);

    [Fact]
    public void GarbageBytesAreRefusedCleanly()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            var bytes = new byte[1 + seed * 37];
            new Random(seed).NextBytes(bytes);
            Refused(bytes);
        }
    }

    [Fact]
    public void HugeDeclaredLengthIsRefusedWithoutAllocating()
    {
        // Field 7 (graph), length-delimited, declaring ~2 GiB of content that is not there.
        byte[] bytes = [0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x0A, 0x00];
        Assert.Contains("not a valid ONNX model", Refused(bytes).Message);
    }

    [Fact]
    public void CorruptedModelsEitherLoadOrFailWithModelLoadException()
    {
        var original = Fixture.Load("shape_ops_opset11").ModelBytes;
        var rnd = new Random(42);
        for (int trial = 0; trial < 300; trial++)
        {
            var bytes = (byte[])original.Clone();
            for (int f = 0; f < 1 + trial % 4; f++) bytes[rnd.Next(bytes.Length)] = (byte)rnd.Next(256);
            try
            {
                var model = InferenceModel.Load(bytes);
                using var c = new CpuBackend().Compile(model);
                c.Run(new float[2 * c.ImageSize], 2);
            }
            catch (ModelLoadException) { }
        }
    }

    [Fact]
    public void UnsupportedOperatorIsNamedWithItsNodeAndTheSupportedList()
    {
        var e = Refused(new OnnxBuilder().Input("X", 1, 2, 4, 4).Input("G", 1, 4, 4, 2)
            .NamedNode("/layer3/GridSample", "GridSample", ["X", "G"], ["Y"]).Output("Y"));
        Assert.StartsWith("unsupported operator GridSample at node /layer3/GridSample (supported: Abs, Add, And, ArgMax, ", e.Message);
    }

    [Fact]
    public void EveryUnsupportedOperatorIsNamedInOneMessage()
    {
        var e = Refused(new OnnxBuilder().Input("X", 1, 2, 4, 4).Input("G", 1, 4, 4, 2)
            .NamedNode("/a/GridSample", "GridSample", ["X", "G"], ["g1"])
            .NamedNode("/b/Relu", "Relu", ["g1"], ["r"])
            .NamedNode("/c/Trilu", "Trilu", ["r"], ["t"])
            .NamedNode("/d/GridSample", "GridSample", ["t", "G"], ["g2"])
            .NamedNode("/e/Foo", "Foo", ["g2"], ["f"])
            .NamedNode("/f/Gelu", "Gelu", ["f"], ["Y"]).Output("Y"));
        Assert.StartsWith("3 unsupported operators: GridSample at nodes /a/GridSample, /d/GridSample; Trilu at node /c/Trilu; Foo at node /e/Foo (supported: ", e.Message);
    }

    [Fact]
    public void EveryRefusedAttributeIsNamedInOneMessage()
    {
        var e = Refused(new OnnxBuilder().Input("X", 1, 2, 4, 4)
            .NamedNode("/a", "Pad", ["X"], ["p"], ("mode", "mirror"), ("pads", new long[] { 0, 0, 1, 1, 0, 0, 1, 1 }))
            .NamedNode("/b", "Relu", ["p"], ["r"])
            .NamedNode("/c", "Gelu", ["r"], ["Y"], ("approximate", "erf")).Output("Y"));
        Assert.StartsWith("2 nodes are not supported: node /a: Pad mode 'mirror'", e.Message);
        Assert.Contains("node /c: Gelu approximate 'erf'", e.Message);
    }

    [Fact]
    public void AModelThatOutputsClassIndicesInsteadOfScoresIsRefusedAtCompile()
    {
        var model = new OnnxBuilder().Input("X", null, 10).Node("ArgMax", ["X"], ["Y"], ("axis", 1L)).Output("Y").Load();
        var e = Assert.Throws<ModelLoadException>(() => new Cpu.CpuBackend().Compile(model, new CompileOptions { ImageShape = [10] }));
        Assert.Contains("is Int64, not float32 class scores", e.Message);
    }

    [Fact]
    public void ACustomDomainOperatorIsNamedWithTheOthers()
    {
        var b = new OnnxBuilder().Input("X", 1, 2).NamedNode("/a", "Relu", ["X"], ["r"]).NamedNode("/b", "Trilu", ["r"], ["Y"]).Output("Y");
        b.Proto.Graph.Node[0].Domain = "com.microsoft";
        Assert.StartsWith("2 unsupported operators: com.microsoft.Relu at node /a; Trilu at node /b", Refused(b).Message);
    }

    [Fact]
    public void CustomDomainOperatorsAreRefused() =>
        Assert.Contains("unsupported operator", Refused(Domain(new OnnxBuilder().Input("X", 1, 2).Node("Relu", ["X"], ["Y"]).Output("Y"), "com.microsoft")).Message);

    private static OnnxBuilder Domain(OnnxBuilder b, string domain)
    {
        b.Proto.Graph.Node[0].Domain = domain;
        return b;
    }

    [Fact]
    public void ExternalDataIsRefused()
    {
        var t = new TensorProto { Name = "w", DataType = 1, DataLocation = TensorProto.Types.DataLocation.External };
        t.Dims.Add(2);
        t.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "x.bin" });
        var e = Refused(new OnnxBuilder().Input("X", 1, 2).Raw(t).Node("Add", ["X", "w"], ["Y"]).Output("Y"));
        Assert.StartsWith("tensor 'w' refers to external data file 'x.bin': external data is not accepted", e.Message);
    }

    [Fact]
    public void HugeInitializerDimsAreRefused()
    {
        var t = new TensorProto { Name = "w", DataType = 1 };
        t.Dims.AddRange([1L << 20, 1L << 20, 1L << 20]);
        t.RawData = Google.Protobuf.ByteString.CopyFrom(new byte[16]);
        Assert.Contains("too large", Refused(new OnnxBuilder().Input("X", 1, 2).Raw(t).Node("Add", ["X", "w"], ["Y"]).Output("Y")).Message);
    }

    [Fact]
    public void InitializerWhoseDataDoesNotMatchItsShapeIsRefused()
    {
        var t = OnnxBuilder.FloatTensor("w", [2, 3], [1, 2]);
        Assert.Contains("declares 6 elements", Refused(new OnnxBuilder().Input("X", 1, 2).Raw(t).Node("Add", ["X", "w"], ["Y"]).Output("Y")).Message);
    }

    [Fact]
    public void HugeInputDimsAreRefused() =>
        Assert.Contains("outside 1..4096", Refused(OnnxBuilder.Single("Relu", [1, 3, 1_000_000_000, 1_000_000_000], [])).Message);

    [Fact]
    public void HugeReshapeTargetIsRefused() =>
        Assert.Contains("invalid Reshape dim", Refused(new OnnxBuilder().Input("X", 1, 4).Longs("s", 1L << 40, 1L << 40)
            .Node("Reshape", ["X", "s"], ["Y"]).Output("Y")).Message);

    [Fact]
    public void HugeConstantOfShapeIsRefused() =>
        Assert.Contains("ConstantOfShape", Refused(new OnnxBuilder().Input("X", 1, 4).Longs("s", 1L << 30, 1L << 30)
            .Node("ConstantOfShape", ["s"], ["c"]).Node("Add", ["X", "c"], ["Y"]).Output("Y")).Message);

    [Fact]
    public void ConstantFoldingCannotGrowWithoutBound()
    {
        // Each Concat doubles a constant: 2^25 elements after 25 steps unless folding is capped.
        var b = new OnnxBuilder().Input("X", 1, 1).Floats("c0", [1], 1);
        for (int i = 0; i < 25; i++) b.Node("Concat", [$"c{i}", $"c{i}"], [$"c{i + 1}"], ("axis", 0L));
        var e = Refused(b.Node("Add", ["X", "c25"], ["Y"]).Output("Y"));
        Assert.Contains("would precompute a constant", e.Message);
    }

    [Fact]
    public void MissingTensorReferenceIsNamed() =>
        Assert.Contains("reads tensor 'nope'", Refused(new OnnxBuilder().Input("X", 1, 2).Node("Add", ["X", "nope"], ["Y"]).Output("Y")).Message);

    [Fact]
    public void CyclesAreRefused() =>
        Assert.Contains("cycle", Refused(new OnnxBuilder().Input("X", 1, 2).Node("Add", ["X", "b"], ["a"]).Node("Relu", ["a"], ["b"]).Output("b")).Message);

    [Fact]
    public void NonFloatImageInputIsRefused() =>
        Assert.Contains("only float32 image inputs", Refused(new OnnxBuilder().TypedInput("X", 7, 1, 2).Node("Relu", ["X"], ["Y"]).Output("Y")).Message);

    [Fact]
    public void SeveralInputsAreRefused() =>
        Assert.Contains("exactly one image input", Refused(new OnnxBuilder().Input("X", 1, 2).Input("Z", 1, 2).Node("Add", ["X", "Z"], ["Y"]).Output("Y")).Message);

    [Fact]
    public void UnsupportedOpsetIsRefused() =>
        Assert.Contains("opset 5 is not supported", Refused(OnnxBuilder.Single("Relu", [1, 2], [], 5)).Message);

    [Fact]
    public void UsingMaxPoolsIndicesIsRefused() =>
        Assert.Contains("only the first output", Refused(new OnnxBuilder().Input("X", 1, 1, 4, 4)
            .Node("MaxPool", ["X"], ["y", "indices"], ("kernel_shape", new long[] { 2, 2 })).Output("indices")).Message);

    [Fact]
    public void FileSizeLimitIsEnforced() =>
        Assert.Contains("the limit is 1,000", Refused(LeNet, new ModelLimits { MaxFileBytes = 1000 }).Message);

    [Fact]
    public void ParameterLimitIsEnforced() =>
        Assert.Contains("more than 1,000 parameters", Refused(LeNet, new ModelLimits { MaxParameters = 1000 }).Message);

    [Fact]
    public void FlopLimitIsEnforcedAtLoadForFixedShapes() =>
        Assert.Contains("GFLOP per image", Refused(LeNet, new ModelLimits { MaxFlopsPerImage = 100_000 }).Message);

    [Fact]
    public void ActivationMemoryLimitIsEnforced() =>
        Assert.Contains("MiB of activations", Refused(Fixture.Load("vgg_bn_opset13").ModelBytes, new ModelLimits { MaxActivationBytesPerImage = 1 << 16 }).Message);

    [Fact]
    public void LimitsAreEnforcedAtCompileForSymbolicShapes()
    {
        var model = InferenceModel.Load(OnnxBuilder.Single("GlobalAveragePool", [null, 1, null, null], []).Build(), new ModelLimits { MaxActivationBytesPerImage = 1 << 20 });
        Assert.Null(model.Cost);
        Assert.Throws<ModelLoadException>(() => new CpuBackend().Compile(model, new CompileOptions { ImageShape = [1, 1024, 1024] }));
        using var ok = new CpuBackend().Compile(model, new CompileOptions { ImageShape = [1, 16, 16] });
        Assert.Equal([1, 1, 1], ok.OutputShape);
    }

    [Fact]
    public void RunsHonourCancellation()
    {
        using var c = new CpuBackend().Compile(InferenceModel.Load(LeNet));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => c.Run(new float[4 * c.ImageSize], 4, cts.Token));
    }
}
