using Grader.Core.Rubrics;

namespace Grader.Core.Tests.Rubrics;

/// <summary>The <c>architecture:</c> entry of a model item, for state_dict uploads.</summary>
public class ModelArchitectureTests
{
    private static RubricLoadResult Load(string model) => RubricLoader.Load($"""
        id: hw
        title: T
        total: 5
        items:
          - id: net
            points: 5
            kind: model
            model: {model}
        """, "r.yaml");

    private static ModelRequirement Requirement(string model)
    {
        var result = Load(model);
        Assert.True(result.Success, string.Join("\n", result.Problems.Select(p => p.Describe("r.yaml"))));
        return Assert.IsType<ModelCheck>(result.Rubric!.Items[0].Check).Requirement;
    }

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
        Assert.Equal(0, conv.Args["bias"]);
        Assert.Equal(16, conv.Args["out_channels"]);
    }

    [Theory]
    [InlineData("{ dataset: c, threshold: 0.5, formats: [pt] }", "holds weights only")]
    [InlineData("{ dataset: c, threshold: 0.5, formats: [pt], architecture: { name: vgg16 } }", "not one of")]
    [InlineData("{ dataset: c, threshold: 0.5, formats: [pt], architecture: { name: lenet5, layers: [] } }", "either")]
    [InlineData("{ dataset: c, threshold: 0.5, formats: [pt], architecture: { layers: [ { name: x } ] } }", "needs a 'type'")]
    public void Bad_architectures_are_problems(string model, string expected) =>
        Assert.Contains(expected, Assert.Single(Load(model).Problems).Message);
}
