using Grader.Core.Rubrics;
using Grader.Inference;
using Grader.Inference.Checkpoints;
using Grader.Inference.Checkpoints.Architectures;
using Grader.Inference.Cpu;

namespace Grader.Evaluation.Tests;

/// <summary>
/// A rubric's layer list, read by Grader.Core and built by the engine: the two agree on the layer
/// types and arguments, a course's small ResNet written in YAML loads its PyTorch state_dict with
/// PyTorch's outputs, and a mis-wired list is a problem for staff (<see cref="ArchitectureCheck"/>).
/// </summary>
public class LayerListRubricTests
{
    [Fact]
    public void The_rubric_and_the_engine_know_the_same_layer_types_and_arguments()
    {
        var rubric = LayerCatalog.Types.ToDictionary(t => t.Key, t => t.Value.Select(a => a.Name).Order(StringComparer.Ordinal).ToList());
        rubric[LayerCatalog.Residual] = [];
        var engine = ArchitectureSpec.LayerTypes.ToDictionary(t => t.Key, t => t.Value.Order(StringComparer.Ordinal).ToList());
        Assert.Equal(engine.Keys.Order(StringComparer.Ordinal), rubric.Keys.Order(StringComparer.Ordinal));
        foreach (var (type, arguments) in rubric) Assert.True(engine[type].SequenceEqual(arguments), $"{type}: [{string.Join(", ", arguments)}] vs [{string.Join(", ", engine[type])}]");
    }

    private static Rubric Load(string layers, string dataset = "cifar10", string preprocessing = "{}")
    {
        var result = RubricLoader.Load($$"""
            id: resnet-hw
            title: Small ResNet
            total: 2
            items:
              - id: net
                points: 2
                kind: model
                model:
                  dataset: {{dataset}}
                  threshold: 0.5
                  formats: [onnx, pt]
                  preprocessing: {{preprocessing}}
                  architecture:
                    layers:
            {{layers}}
            """, "resnet-hw.yaml");
        Assert.True(result.Success, string.Join("\n", result.Problems.Select(p => p.Describe("resnet-hw.yaml"))));
        return result.Rubric!;
    }

    // SmallResNet of tools/fixtures/generate_layer_fixtures.py, as a course would write it in its rubric.
    private const string SmallResNet = """
                  - { type: Sequential, name: stem, layers: [ { type: Conv2d, in_channels: 3, out_channels: 8, kernel_size: 3, padding: 1, bias: false },
                                                              { type: BatchNorm2d, num_features: 8 }, { type: ReLU } ] }
                  - type: Sequential
                    name: layer1
                    layers:
                      - { name: "0", activation: ReLU, residual: [ { type: Conv2d, name: conv1, in_channels: 8, out_channels: 8, kernel_size: 3, padding: 1, bias: false },
                          { type: BatchNorm2d, name: bn1, num_features: 8 }, { type: ReLU, name: relu },
                          { type: Conv2d, name: conv2, in_channels: 8, out_channels: 8, kernel_size: 3, padding: 1, bias: false }, { type: BatchNorm2d, name: bn2, num_features: 8 } ] }
                      - { name: "1", activation: ReLU, residual: [ { type: Conv2d, name: conv1, in_channels: 8, out_channels: 8, kernel_size: 3, padding: 1, bias: false },
                          { type: BatchNorm2d, name: bn1, num_features: 8 }, { type: ReLU, name: relu },
                          { type: Conv2d, name: conv2, in_channels: 8, out_channels: 8, kernel_size: 3, padding: 1, bias: false }, { type: BatchNorm2d, name: bn2, num_features: 8 } ] }
                  - type: Sequential
                    name: layer2
                    layers:
                      - name: "0"
                        residual:
                          - { type: Conv2d, name: conv1, in_channels: 8, out_channels: 16, kernel_size: 3, stride: 2, padding: 1, bias: false }
                          - { type: BatchNorm2d, name: bn1, num_features: 16 }
                          - { type: ReLU, name: relu }
                          - { type: Conv2d, name: conv2, in_channels: 16, out_channels: 16, kernel_size: 3, padding: 1, bias: false }
                          - { type: BatchNorm2d, name: bn2, num_features: 16 }
                        shortcut:
                          - { type: Conv2d, in_channels: 8, out_channels: 16, kernel_size: 1, stride: 2, bias: false }
                          - { type: BatchNorm2d, num_features: 16 }
                        activation: ReLU
                      - { name: "1", activation: ReLU, residual: [ { type: Conv2d, name: conv1, in_channels: 16, out_channels: 16, kernel_size: 3, padding: 1, bias: false },
                          { type: BatchNorm2d, name: bn1, num_features: 16 }, { type: ReLU, name: relu },
                          { type: Conv2d, name: conv2, in_channels: 16, out_channels: 16, kernel_size: 3, padding: 1, bias: false }, { type: BatchNorm2d, name: bn2, num_features: 16 } ] }
                  - { type: AdaptiveAvgPool2d, name: pool, output_size: 2 }
                  - { type: Flatten, name: flatten }
                  - { type: Dropout, name: drop, p: 0.2 }
                  - { type: Linear, name: fc, in_features: 64, out_features: 10 }
        """;

    [Fact]
    public void A_small_resnet_written_in_the_rubric_loads_its_state_dict_with_PyTorchs_outputs()
    {
        var requirement = ((ModelCheck)Load(SmallResNet, preprocessing: "{ resize: 16x16 }").Items[0].Check).Requirement;
        var fixtures = Path.Combine(RepositoryRoot.Path, "tests", "fixtures", "checkpoints");
        var input = Floats(Path.Combine(fixtures, "small_resnet.input.bin"));
        var expected = Floats(Path.Combine(fixtures, "small_resnet.output.bin"));
        var shape = ArchitectureMapping.ExpectedInputShape(requirement)!;
        Assert.Equal([3, 16, 16], shape);
        var model = InferenceModel.LoadCheckpoint(File.ReadAllBytes(Path.Combine(fixtures, "small_resnet.pt")), CheckpointFormat.TorchSave,
            ArchitectureMapping.ToSpec(requirement.Architecture!, shape));
        int batch = input.Length / (3 * 16 * 16);
        using var net = new CpuBackend().Compile(model, new CompileOptions { ImageShape = shape, MaxBatch = batch });
        var output = new float[batch * net.OutputSize];
        net.Run(input, batch, output);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - output[i]) <= 1e-4f * Math.Max(1f, Math.Abs(expected[i])), $"output {i}: PyTorch {expected[i]}, ours {output[i]}");
    }

    [Fact]
    public void A_well_wired_list_has_no_architecture_problems() =>
        Assert.Empty(ArchitectureCheck.Problems(Load(SmallResNet, preprocessing: "{ resize: 16x16 }")));

    public static TheoryData<string, string, string, string> MisWired() => new()
    {
        // CIFAR-10 images are 3x32x32: after two 2x2 pools the Flatten gives 8x8x8 = 512 features, not 256.
        { """
                  - { type: Conv2d, in_channels: 3, out_channels: 8, kernel_size: 3, padding: 1 }
                  - { type: MaxPool2d, kernel_size: 2 }
                  - { type: MaxPool2d, kernel_size: 2 }
                  - { type: Flatten }
                  - { type: Linear, in_features: 256, out_features: 10 }
          """, "cifar10", "{}", "layer 4 (Linear): in_features is 256, but its input has 512 features" },
        { """
                  - { type: Conv2d, in_channels: 3, out_channels: 8, kernel_size: 3 }
                  - { type: Conv2d, in_channels: 16, out_channels: 8, kernel_size: 3 }
          """, "cifar10", "{}", "layer 1 (Conv2d): in_channels is 16, but its input has 8 channels" },
        // Fashion-MNIST is grey: a first layer for RGB does not fit.
        { """
                  - { type: Conv2d, in_channels: 3, out_channels: 8, kernel_size: 3 }
          """, "fashion-mnist", "{}", "layer 0 (Conv2d): in_channels is 3, but its input has 1 channels" },
        { """
                  - { name: block, residual: [ { type: Conv2d, in_channels: 3, out_channels: 8, kernel_size: 3, padding: 1 } ] }
          """, "cifar10", "{}", "residual block block: the main path gives 8x32x32 but the shortcut 3x32x32" },
        { """
                  - { type: Conv2d, in_channels: 3, out_channels: 8, kernel_size: 5 }
                  - { type: MaxPool2d, kernel_size: 4 }
                  - { type: Conv2d, in_channels: 8, out_channels: 8, kernel_size: 9 }
          """, "gtsrb", "{ resize: 32x32 }", "layer 2: the window (9) is larger than its padded input (7)" },
    };

    [Theory]
    [MemberData(nameof(MisWired))]
    public void A_mis_wired_list_is_a_problem_at_the_architecture(string layers, string dataset, string preprocessing, string expected)
    {
        var problem = Assert.Single(ArchitectureCheck.Problems(Load(layers, dataset, preprocessing)));
        Assert.Contains(expected, problem.Message);
        Assert.StartsWith("item 'net': architecture: ", problem.Message);
        Assert.Equal(14, problem.Position.Line);   // the architecture mapping (its first key, layers:)
    }

    [Fact]
    public void A_named_architecture_at_another_input_size_is_a_problem()
    {
        var result = RubricLoader.Load("""
            id: lenet-hw
            title: LeNet
            total: 1
            items:
              - id: net
                points: 1
                kind: model
                model: { dataset: fashion-mnist, threshold: 0.5, formats: [pt], architecture: { name: lenet5 } }
            """, "lenet-hw.yaml");
        var problem = Assert.Single(ArchitectureCheck.Problems(result.Rubric!));
        Assert.Contains("1x32x32", problem.Message);   // LeNet-5 takes 32x32; the rubric gives 28x28 without a resize
    }

    private static float[] Floats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
