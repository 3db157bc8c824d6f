namespace Grader.Inference.Checkpoints.Architectures;

/// <summary>
/// The network an assignment fixes, into which a state_dict is loaded: a named architecture
/// (<c>resnet18</c>, <c>lenet5</c>) or a list of layers. Pure data, as a rubric states it.
/// </summary>
public sealed record ArchitectureSpec
{
    /// <summary>resnet18 or lenet5; null when <see cref="Layers"/> describe the network.</summary>
    public string? Name { get; init; }

    /// <summary>Output classes (resnet18: 1000, lenet5: 10 when not given).</summary>
    public int? Classes { get; init; }

    /// <summary>resnet18 with a 3x3 stride-1 conv1 and no max-pool, as usual for 32x32 images.</summary>
    public bool CifarStem { get; init; }

    /// <summary>resnet18's first-stage width (torchvision: 64; stages double it).</summary>
    public int? Width { get; init; }

    /// <summary>Layers, in order, of an nn.Sequential-like network.</summary>
    public IReadOnlyList<LayerSpec> Layers { get; init; } = [];

    public static ArchitectureSpec ResNet18(int classes = 1000, bool cifarStem = false, int? width = null) =>
        new() { Name = "resnet18", Classes = classes, CifarStem = cifarStem, Width = width };

    public static ArchitectureSpec LeNet5(int classes = 10) => new() { Name = "lenet5", Classes = classes };

    public static ArchitectureSpec FromLayers(params LayerSpec[] layers) => new() { Layers = layers };

    public string Describe() => Name ?? "layer list";
}

/// <summary>
/// One module of a layer list: a PyTorch class name (Conv2d, BatchNorm2d, ReLU, LeakyReLU,
/// MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, Flatten, Linear, Dropout, Softmax, LogSoftmax,
/// Sequential), its constructor arguments under PyTorch's names (booleans as 0/1), and for
/// Sequential its children. <see cref="Name"/> is the attribute name in the state_dict keys;
/// when null, the index in the enclosing list, as in nn.Sequential.
/// </summary>
public sealed record LayerSpec(string Type, string? Name = null)
{
    public IReadOnlyDictionary<string, double> Args { get; init; } = new Dictionary<string, double>();
    public IReadOnlyList<LayerSpec> Layers { get; init; } = [];

    public LayerSpec With(string arg, double value) =>
        this with { Args = new Dictionary<string, double>(Args) { [arg] = value } };
}
