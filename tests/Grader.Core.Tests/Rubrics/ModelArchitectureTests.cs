using Grader.Core.Documents;
using Grader.Core.Rubrics;

namespace Grader.Core.Tests.Rubrics;

/// <summary>The <c>architecture:</c> entry of a model item, for state_dict uploads.</summary>
public class ModelArchitectureTests
{
    private static RubricLoadResult Load(string model) => ModelItems.Load(model);

    private static ModelRequirement Requirement(string model) => ModelItems.Requirement(model);

    [Fact]
    public void A_named_architecture_is_read()
    {
        var r = Requirement("{ dataset: gtsrb, threshold: 0.9, formats: [onnx, pt], architecture: { name: resnet18, classes: 43, cifar_stem: true } }");
        var a = r.Architecture!;
        Assert.Equal(("resnet18", 43, true, (int?)null), (a.Name, a.Classes, a.CifarStem, a.Width));
        Assert.Empty(a.Layers);
    }

    [Fact]
    public void A_layer_list_is_read_with_names_arguments_and_nesting()
    {
        var r = Requirement("""
            { dataset: fashion-mnist, threshold: 0.9, formats: [pth, safetensors], architecture: { layers: [
                { type: Sequential, name: features, layers: [ { type: Conv2d, in_channels: 1, out_channels: 16, kernel_size: 3, bias: false } ] },
                { type: Flatten }, { type: Linear, name: fc, in_features: 16, out_features: 10 } ] } }
            """);
        var layers = r.Architecture!.Layers;
        Assert.Equal(["Sequential", "Flatten", "Linear"], layers.Select(l => l.Type));
        Assert.Equal("features", layers[0].Name);
        Assert.Null(layers[1].Name);
        var conv = Assert.Single(layers[0].Layers);
        Assert.Equal(new LayerValue(0), conv.Args["bias"]);
        Assert.Equal(new LayerValue(16), conv.Args["out_channels"]);
    }

    [Theory]
    [InlineData("{ dataset: c, threshold: 0.5, formats: [pt] }", "holds weights only")]
    [InlineData("{ dataset: c, threshold: 0.5, formats: [pt], architecture: { name: vgg16 } }", "not one of")]
    [InlineData("{ dataset: c, threshold: 0.5, formats: [pt], architecture: { name: lenet5, layers: [] } }", "either")]
    [InlineData("{ dataset: c, threshold: 0.5, formats: [pt], architecture: { layers: [ { name: x } ] } }", "needs a 'type'")]
    public void Bad_architectures_are_problems(string model, string expected) =>
        Assert.Contains(expected, Assert.Single(Load(model).Problems).Message);

    private static RubricProblem LayerProblem(string layers) => Assert.Single(Load($"""

              dataset: fashion-mnist
              threshold: 0.9
              formats: [pt]
              architecture:
                layers:
        {layers}
        """).Problems);

    // Each mistake at the line (14: the layer's) and column of the token it is about.
    [Theory]
    [InlineData("          - { type: Conv2d, in_channels: 1, out_channels: 8, kernel_size: 3, afine: true }", "afine",
        "Conv2d has no argument 'afine' (it takes: in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode)")]
    [InlineData("          - { type: BatchNorm2d, num_features: 8, afine: true }", "afine", "BatchNorm2d has no argument 'afine' (did you mean 'affine'?")]
    [InlineData("          - { type: ReLU, inplace: true, negative_slope: 0.1 }", "negative_slope", "ReLU has no argument 'negative_slope' (it takes: inplace)")]
    [InlineData("          - { type: Sigmoid, dim: 1 }", "dim", "Sigmoid has no argument 'dim' (it takes none)")]
    [InlineData("          - { type: Relu }", "Relu", "layer type 'Relu' is not supported (did you mean 'ReLU'?")]
    [InlineData("          - { type: Upsample, scale_factor: 2 }", "Upsample", "layer type 'Upsample' is not supported")]
    [InlineData("          - { type: Conv2d, in_channels: 1, out_channels: 8 }", "{", "Conv2d needs 'kernel_size'")]
    [InlineData("          - { type: Conv2d, in_channels: 1, out_channels: 8, kernel_size: 2.5 }", "2.5", "'kernel_size' is a whole number of at least 1, got 2.5")]
    [InlineData("          - { type: Conv2d, in_channels: 0, out_channels: 8, kernel_size: 3 }", "0", "'in_channels' is a whole number of at least 1, got 0")]
    [InlineData("          - { type: Conv2d, in_channels: 1, out_channels: 8, kernel_size: [3, 3, 3] }", "[3, 3, 3]", "'kernel_size' is a whole number or a pair [h, w]")]
    [InlineData("          - { type: GELU, approximate: fast }", "fast", "'approximate' is one of: none, tanh")]
    [InlineData("          - { type: BatchNorm1d, num_features: 8, track_running_stats: false }", "false", "track_running_stats: false BatchNorm normalises")]
    [InlineData("          - { type: MaxPool2d, kernel_size: 2, return_indices: true }", "true", "return_indices: true returns a tuple")]
    [InlineData("          - { type: Linear, in_features: 4, out_features: 2, bias: 1 }", "1 }", "'bias' must be")]
    [InlineData("          - { residual: [ { type: ReLU } ], activation: Softmax }", "Softmax", "a residual block's activation is one of")]
    [InlineData("          - { residual: [ { type: ReLU } ], shortcut_name: down }", "shortcut_name", "unknown key 'shortcut_name' in a residual block")]
    [InlineData("          - { name: block, residual: [ { type: Conv2d, in_channels: 1, out_channels: 8, kernel_size: 3, kernel_sise: 1 } ] }", "kernel_sise",
        "Conv2d has no argument 'kernel_sise' (did you mean 'kernel_size'?")]
    [InlineData("          - { type: Sequential, name: block }", "{", "a Sequential needs 'layers'")]
    public void A_layer_list_mistake_is_a_problem_at_its_line(string layer, string token, string expected)
    {
        var problem = LayerProblem(layer);
        Assert.Contains(expected, problem.Message);
        Assert.Equal(new SourcePosition(14, layer.IndexOf(token, StringComparison.Ordinal) + 1), problem.Position);
    }

    [Fact]
    public void Every_layer_type_with_its_arguments_is_read()
    {
        var r = Requirement("""
            { dataset: gtsrb, threshold: 0.9, formats: [pt], architecture: { layers: [
                { type: Conv2d, in_channels: 3, out_channels: 8, kernel_size: [3, 5], stride: [2, 1], padding: [1, 2], dilation: 1, groups: 1, bias: false, padding_mode: zeros },
                { type: BatchNorm2d, num_features: 8, eps: 0.001, momentum: 0.1, affine: false, track_running_stats: true },
                { type: PReLU, num_parameters: 8, init: 0.25 }, { type: ReLU6, inplace: true }, { type: ELU, alpha: 0.5 },
                { type: GELU, approximate: tanh }, { type: Sigmoid }, { type: Tanh }, { type: LeakyReLU, negative_slope: 0.2 },
                { type: MaxPool2d, kernel_size: 2, stride: 2, padding: 0, ceil_mode: true }, { type: AvgPool2d, kernel_size: 2, count_include_pad: false },
                { type: AdaptiveAvgPool2d, output_size: [3, 4] }, { type: Dropout2d, p: 0.1 }, { type: Identity },
                { type: Flatten, start_dim: 2, end_dim: -1 }, { type: Linear, in_features: 12, out_features: 5 },
                { type: Flatten }, { type: BatchNorm1d, num_features: 40 }, { type: Dropout, p: 0.5 },
                { type: Linear, in_features: 40, out_features: 43 }, { type: LogSoftmax, dim: 1 } ] } }
            """);
        var layers = r.Architecture!.Layers;
        Assert.Equal(21, layers.Count);
        Assert.Equal(new LayerValue(3, 5), layers[0].Args["kernel_size"]);
        Assert.Equal(new LayerValue(0), layers[1].Args["affine"]);
        Assert.Equal("tanh", layers[5].Args["approximate"].Text);
        Assert.Equal(new LayerValue(3, 4), layers[11].Args["output_size"]);
        Assert.Equal(new LayerValue(2), layers[14].Args["start_dim"]);
    }

    [Fact]
    public void A_residual_block_has_its_main_path_shortcut_and_activation()
    {
        var r = Requirement("""
            { dataset: cifar10, threshold: 0.9, formats: [pt], architecture: { layers: [
                { type: Conv2d, in_channels: 3, out_channels: 8, kernel_size: 3, padding: 1 },
                { name: "0", residual: [ { type: Conv2d, name: conv1, in_channels: 8, out_channels: 16, kernel_size: 3, stride: 2, padding: 1 } ],
                  shortcut: [ { type: Conv2d, in_channels: 8, out_channels: 16, kernel_size: 1, stride: 2 } ], activation: ReLU },
                { name: "1", residual: [ { type: Identity } ], shortcut: { type: Conv2d, name: proj, in_channels: 16, out_channels: 16, kernel_size: 1 },
                  activation: { type: LeakyReLU, negative_slope: 0.2 } },
                { residual: [ { type: Identity } ] } ] } }
            """);
        var layers = r.Architecture!.Layers;
        var block = layers[1];
        Assert.Equal((LayerCatalog.Residual, "0"), (block.Type, block.Name));
        Assert.Equal("conv1", Assert.Single(block.Layers).Name);
        Assert.Equal(("Sequential", "shortcut"), (block.Shortcut!.Type, block.Shortcut.Name));
        Assert.Equal("Conv2d", Assert.Single(block.Shortcut.Layers).Type);
        Assert.Equal("ReLU", block.After!.Type);
        Assert.Equal(("Conv2d", "proj"), (layers[2].Shortcut!.Type, layers[2].Shortcut!.Name));
        Assert.Equal(new LayerValue(0.2), layers[2].After!.Args["negative_slope"]);
        Assert.Null(layers[3].Shortcut);
        Assert.Null(layers[3].After);
    }
}
