using Grader.Inference.Checkpoints;
using Grader.Inference.Checkpoints.Architectures;
using Grader.Inference.Cpu;

namespace Grader.Inference.Tests.Checkpoints;

/// <summary>
/// Every layer type of a layer list against PyTorch (tools/fixtures/generate_layer_fixtures.py):
/// residual blocks, rectangular kernels, AdaptiveAvgPool2d to uneven bins, Flatten(start_dim=2),
/// Linear on the last axis, BatchNorm without affine parameters, PReLU per channel, ReLU6, ...
/// </summary>
public class LayerTypeTests
{
    private static LayerSpec L(string type, params (string Arg, LayerArg Value)[] args) => L(type, null, args);

    private static LayerSpec L(string type, string? name, params (string Arg, LayerArg Value)[] args) =>
        new(type, name) { Args = args.ToDictionary(a => a.Arg, a => a.Value) };

    private static LayerSpec Block(string name, int cin, int cout, int stride) => new("Residual", name)
    {
        Layers =
        [
            L("Conv2d", "conv1", ("in_channels", cin), ("out_channels", cout), ("kernel_size", 3), ("stride", stride), ("padding", 1), ("bias", 0)),
            L("BatchNorm2d", "bn1", ("num_features", cout)),
            L("ReLU", "relu"),
            L("Conv2d", "conv2", ("in_channels", cout), ("out_channels", cout), ("kernel_size", 3), ("padding", 1), ("bias", 0)),
            L("BatchNorm2d", "bn2", ("num_features", cout)),
        ],
        Shortcut = stride == 1 && cin == cout ? null : new LayerSpec("Sequential", "shortcut")
        {
            Layers = [L("Conv2d", ("in_channels", cin), ("out_channels", cout), ("kernel_size", 1), ("stride", stride), ("bias", 0)), L("BatchNorm2d", ("num_features", cout))],
        },
        After = L("ReLU"),
    };

    internal static ArchitectureSpec SmallResNet() => ArchitectureSpec.FromLayers(
        new LayerSpec("Sequential", "stem") { Layers = [L("Conv2d", ("in_channels", 3), ("out_channels", 8), ("kernel_size", 3), ("padding", 1), ("bias", 0)), L("BatchNorm2d", ("num_features", 8)), L("ReLU")] },
        new LayerSpec("Sequential", "layer1") { Layers = [Block("0", 8, 8, 1), Block("1", 8, 8, 1)] },
        new LayerSpec("Sequential", "layer2") { Layers = [Block("0", 8, 16, 2), Block("1", 16, 16, 1)] },
        L("AdaptiveAvgPool2d", "pool", ("output_size", 2)),
        L("Flatten", "flatten"),
        L("Dropout", "drop", ("p", 0.2)),
        L("Linear", "fc", ("in_features", 64), ("out_features", 10)));

    private static ArchitectureSpec LayerZoo() => ArchitectureSpec.FromLayers(
        L("Conv2d", ("in_channels", 3), ("out_channels", 6), ("kernel_size", 3), ("padding", 1)),
        L("BatchNorm2d", ("num_features", 6), ("affine", 0)),
        L("PReLU", ("num_parameters", 6)),
        L("Conv2d", ("in_channels", 6), ("out_channels", 8), ("kernel_size", LayerArg.Pair(3, 5)), ("stride", LayerArg.Pair(2, 1)), ("padding", LayerArg.Pair(1, 2))),
        L("ReLU6"),
        L("Dropout2d", ("p", 0.1)),
        L("AdaptiveAvgPool2d", ("output_size", LayerArg.Pair(3, 4))),
        L("Sigmoid"),
        L("Flatten", ("start_dim", 2)),
        L("Linear", ("in_features", 12), ("out_features", 5)),
        L("Tanh"),
        L("Flatten"),
        L("BatchNorm1d", ("num_features", 40)),
        L("Identity"),
        L("LeakyReLU", ("negative_slope", 0.2)),
        L("Linear", ("in_features", 40), ("out_features", 7)),
        L("LogSoftmax", ("dim", 1))) with { InputShape = [3, 13, 11] };

    private static ArchitectureSpec GeluElu() => ArchitectureSpec.FromLayers(
        L("Conv2d", ("in_channels", 1), ("out_channels", 4), ("kernel_size", 3)),
        L("ELU", ("alpha", 0.5)),
        L("Conv2d", ("in_channels", 4), ("out_channels", 4), ("kernel_size", 3), ("padding", 1)),
        L("GELU"),
        L("PReLU"),
        L("Flatten"),
        L("Linear", ("in_features", 144), ("out_features", 16)),
        L("GELU", ("approximate", LayerArg.Of("tanh"))),
        L("Linear", ("in_features", 16), ("out_features", 3)));

    private static void MatchesPyTorch(string fixture, ArchitectureSpec architecture)
    {
        var f = CheckpointFixture.Load(fixture);
        var model = InferenceModel.LoadCheckpoint(f.Bytes(), CheckpointFormat.TorchSave, architecture);
        using var net = new CpuBackend().Compile(model, new CompileOptions { ImageShape = f.ImageShape, MaxBatch = f.Batch });
        var output = new float[f.Batch * net.OutputSize];
        net.Run(f.Input, f.Batch, output);
        TestData.Near(f.ExpectedOutput, output, 1e-4f);
    }

    [Fact]
    public void A_small_resnet_with_residual_blocks_matches_PyTorch() => MatchesPyTorch("small_resnet", SmallResNet() with { InputShape = [3, 16, 16] });

    [Fact]
    public void Every_other_layer_type_matches_PyTorch() => MatchesPyTorch("layer_zoo", LayerZoo());

    // GELU and ELU are written as PyTorch exports them (Erf, Elu): they run once the engine has those operators.
    [OperatorsFact("Erf", "Elu")]
    public void Gelu_and_elu_match_PyTorch() => MatchesPyTorch("gelu_elu", GeluElu());

    [Fact]
    public void Uneven_adaptive_bins_are_PyTorchs()
    {
        // adaptive_avg_pool1d over 7 inputs into 3 bins: [0, 3), [2, 5), [4, 7).
        var bins = PoolingLayers.Bins(7, 3);
        float third = 1f / 3;
        Assert.Equal([third, 0, 0, third, 0, 0, third, third, 0, 0, third, 0, 0, third, third, 0, 0, third, 0, 0, third], bins);
    }

    [Fact]
    public void Uneven_adaptive_pooling_needs_the_input_size()
    {
        var f = CheckpointFixture.Load("layer_zoo");
        var message = Assert.Throws<ModelLoadException>(() =>
            InferenceModel.LoadCheckpoint(f.Bytes(), CheckpointFormat.TorchSave, LayerZoo() with { InputShape = null })).Message;
        Assert.Contains("layer 6 (AdaptiveAvgPool2d): pooling to 3x4 needs the input image size", message);
    }

    public static TheoryData<ArchitectureSpec, string> MisWired() => new()
    {
        { ArchitectureSpec.FromLayers(L("Conv2d", ("in_channels", 3), ("out_channels", 8), ("kernel_size", 3)), L("Conv2d", ("in_channels", 4), ("out_channels", 8), ("kernel_size", 3))),
            "layer 1 (Conv2d): in_channels is 4, but its input has 8 channels" },
        { ArchitectureSpec.FromLayers(L("Conv2d", ("in_channels", 3), ("out_channels", 8), ("kernel_size", 3)), L("BatchNorm2d", ("num_features", 6))),
            "layer 1 (BatchNorm2d): num_features is 6, but its input has 8" },
        { ArchitectureSpec.FromLayers(L("Conv2d", ("in_channels", 3), ("out_channels", 8), ("kernel_size", 3)), L("Flatten"), L("MaxPool2d", ("kernel_size", 2))),
            "layer 2 (MaxPool2d) needs an image (C, H, W) input" },
        { ArchitectureSpec.FromLayers(L("Conv2d", ("in_channels", 3), ("out_channels", 8), ("kernel_size", 3)), L("BatchNorm2d", ("num_features", 8), ("track_running_stats", 0))),
            "track_running_stats=False" },
        { ArchitectureSpec.FromLayers(L("Conv2d", ("in_channels", 3), ("out_channels", 8), ("kernel_size", 3)), L("GELU", ("approximate", LayerArg.Of("fast")))),
            "'approximate' is fast, expected 'none' or 'tanh'" },
        { ArchitectureSpec.FromLayers(L("Conv2d", ("in_channels", 3), ("out_channels", 8), ("kernel_size", 3)), L("Flatten", ("start_dim", 0))),
            "start_dim must be a per-image axis" },
        { ArchitectureSpec.FromLayers(new LayerSpec("Residual", "block") { Layers = [L("Conv2d", ("in_channels", 3), ("out_channels", 8), ("kernel_size", 3), ("padding", 1))] }),
            "residual block block: the main path gives 8x?x? but the shortcut 3x?x?" },
        { ArchitectureSpec.FromLayers(L("Conv2d", ("in_channels", 3), ("out_channels", 8), ("kernel_size", 3)), L("Upsample")),
            "layer 1: type 'Upsample' is not supported" },
        { ArchitectureSpec.FromLayers(L("Conv2d", ("in_channels", 3), ("out_channels", 8), ("kernel_size", 3), ("kernel", 3))),
            "layer 0 (Conv2d): unknown argument 'kernel'" },
    };

    [Theory]
    [MemberData(nameof(MisWired))]
    public void A_mis_wired_layer_list_is_refused_naming_the_layer(ArchitectureSpec architecture, string expected)
    {
        var bytes = CheckpointFixture.Load("layer_list").Bytes();
        var message = Assert.Throws<ModelLoadException>(() => InferenceModel.LoadCheckpoint(bytes, CheckpointFormat.TorchSave, architecture)).Message;
        Assert.Contains(expected, message);
    }
}

/// <summary>A fact skipped, with the reason, while the engine lacks one of the named ONNX operators.</summary>
public sealed class OperatorsFactAttribute : FactAttribute
{
    public OperatorsFactAttribute(params string[] operators)
    {
        var missing = operators.Where(op => !Grader.Inference.Operators.OperatorRegistry.IsSupported(op)).ToList();
        if (missing.Count > 0) Skip = $"the engine lacks the {string.Join(", ", missing)} operator(s) (issue 15, section 1)";
    }
}
