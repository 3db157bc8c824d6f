using Grader.Inference.Checkpoints;
using Grader.Inference.Checkpoints.Architectures;
using Grader.Inference.Cpu;

namespace Grader.Inference.Tests.Checkpoints;

/// <summary>State_dicts loaded into the rubric architectures give PyTorch's outputs (1e-4).</summary>
public class ArchitectureTests
{
    /// <summary>The network of LayerList in generate_checkpoint_fixtures.py, as a rubric lists it.</summary>
    internal static ArchitectureSpec FixtureLayerList() => ArchitectureSpec.FromLayers(
        new LayerSpec("Sequential", "features")
        {
            Layers =
            [
                L("Conv2d", ("in_channels", 3), ("out_channels", 8), ("kernel_size", 3), ("padding", 1)),
                L("BatchNorm2d", ("num_features", 8)),
                L("LeakyReLU", ("negative_slope", 0.1)),
                L("MaxPool2d", ("kernel_size", 2)),
                L("Conv2d", ("in_channels", 8), ("out_channels", 16), ("kernel_size", 3), ("stride", 2), ("padding", 1), ("bias", 0)),
                L("ReLU"),
                L("AvgPool2d", ("kernel_size", 2)),
            ],
        },
        L("AdaptiveAvgPool2d", "pool", ("output_size", 1)),
        L("Flatten", "flatten"),
        L("Dropout", "drop", ("p", 0.3)),
        L("Linear", "fc", ("in_features", 16), ("out_features", 5)));

    private static LayerSpec L(string type, params (string, double)[] args) => L(type, null, args);

    private static LayerSpec L(string type, string? name, params (string Arg, double Value)[] args) =>
        new(type, name) { Args = args.ToDictionary(a => a.Arg, a => (LayerArg)a.Value) };

    public static TheoryData<string, string, ArchitectureSpec> Cases() => new()
    {
        { "lenet5", ".pt", ArchitectureSpec.LeNet5() },
        { "lenet5", ".safetensors", ArchitectureSpec.LeNet5() },
        { "lenet5_half", ".pt", ArchitectureSpec.LeNet5() },
        { "resnet18_w4_c43", ".pt", ArchitectureSpec.ResNet18(43, width: 4) },
        { "resnet18_w4_cifar", ".pt", ArchitectureSpec.ResNet18(10, cifarStem: true, width: 4) },
        { "resnet18_w4_cifar", ".safetensors", ArchitectureSpec.ResNet18(10, cifarStem: true, width: 4) },
        { "layer_list", ".pt", FixtureLayerList() },
        { "layer_list", "_legacy.pt", FixtureLayerList() },   // the same weights, pre-1.6 format
        { "layer_list", "_f64.pt", FixtureLayerList() },      // the same weights as float64 storages
        { "layer_list_bf16", ".pt", FixtureLayerList() },
        { "layer_list_bf16", ".safetensors", FixtureLayerList() },
        { "layer_list_dataparallel", ".pt", FixtureLayerList() },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Outputs_equal_PyTorch(string name, string extension, ArchitectureSpec architecture)
    {
        var f = CheckpointFixture.Load(name);
        var model = InferenceModel.LoadCheckpoint(f.Bytes(extension), CheckpointReader.FormatOf(extension)!.Value, architecture);
        using var net = new CpuBackend().Compile(model, new CompileOptions { ImageShape = f.ImageShape, MaxBatch = f.Batch });
        var output = new float[f.Batch * net.OutputSize];
        net.Run(f.Input, f.Batch, output);
        TestData.Near(f.ExpectedOutput, output, 1e-4f);
    }

    [Fact]
    public void Missing_unexpected_and_mis_shaped_keys_are_reported_as_load_state_dict_does()
    {
        var bytes = CheckpointFixture.Load("resnet18_w4_cifar").Bytes();
        // Standard stem: conv1 is 7x7, not 3x3; 43 classes, not 10.
        var message = Assert.Throws<ModelLoadException>(() =>
            InferenceModel.LoadCheckpoint(bytes, CheckpointFormat.TorchSave, ArchitectureSpec.ResNet18(43, width: 4))).Message;
        Assert.StartsWith("Error(s) in loading state_dict for resnet18:", message);
        Assert.Contains("size mismatch for conv1.weight: copying a param with shape torch.Size([4, 3, 3, 3]) from checkpoint, the shape in current model is torch.Size([4, 3, 7, 7]).", message);
        Assert.Contains("size mismatch for fc.weight: copying a param with shape torch.Size([10, 32]) from checkpoint, the shape in current model is torch.Size([43, 32]).", message);

        var lenet = CheckpointFixture.Load("lenet5").Bytes();
        message = Assert.Throws<ModelLoadException>(() =>
            InferenceModel.LoadCheckpoint(lenet, CheckpointFormat.TorchSave, ArchitectureSpec.ResNet18(10))).Message;
        // conv1.weight is present (mis-shaped), so the missing list starts at bn1.
        Assert.Contains("Missing key(s) in state_dict: \"bn1.weight\", \"bn1.bias\"", message);
        Assert.Contains("size mismatch for conv1.weight", message);
        Assert.Contains("Unexpected key(s) in state_dict: \"conv1.bias\", \"conv2.weight\"", message);
    }

    [Fact]
    public void A_layer_list_with_an_unknown_layer_or_argument_is_refused()
    {
        var bytes = CheckpointFixture.Load("layer_list").Bytes();
        Assert.Contains("type 'Upsample' is not supported", Assert.Throws<ModelLoadException>(() =>
            InferenceModel.LoadCheckpoint(bytes, CheckpointFormat.TorchSave, ArchitectureSpec.FromLayers(new LayerSpec("Upsample")))).Message);
        Assert.Contains("unknown argument 'kernel'", Assert.Throws<ModelLoadException>(() =>
            InferenceModel.LoadCheckpoint(bytes, CheckpointFormat.TorchSave, ArchitectureSpec.FromLayers(L("MaxPool2d", ("kernel", 2))))).Message);
    }

    [Fact]
    public void Checkpoint_models_report_like_onnx_ones()
    {
        var model = InferenceModel.LoadCheckpoint(CheckpointFixture.Load("lenet5").Bytes(), CheckpointFormat.TorchSave, ArchitectureSpec.LeNet5());
        Assert.Equal(61_706, model.ParameterCount);
        Assert.True(model.CheckInputShape([1, 32, 32]).IsCompatible);
        Assert.False(model.CheckInputShape([1, 28, 28]).IsCompatible);
    }
}
