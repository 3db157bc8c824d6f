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

    /// <summary>The per-image input (C, H, W) a layer list is built for, when known: the graph's input
    /// is then fixed to it, and AdaptiveAvgPool2d can pool to any size (its bins depend on it).</summary>
    public IReadOnlyList<int>? InputShape { get; init; }

    public static ArchitectureSpec ResNet18(int classes = 1000, bool cifarStem = false, int? width = null) =>
        new() { Name = "resnet18", Classes = classes, CifarStem = cifarStem, Width = width };

    public static ArchitectureSpec LeNet5(int classes = 10) => new() { Name = "lenet5", Classes = classes };

    public static ArchitectureSpec FromLayers(params LayerSpec[] layers) => new() { Layers = layers };

    public string Describe() => Name ?? "layer list";

    /// <summary>The layer types a layer list may hold, each with the constructor arguments it takes.</summary>
    public static IReadOnlyDictionary<string, string[]> LayerTypes => LayerList.Arguments;
}

/// <summary>
/// One module of a layer list: a PyTorch class name (see <see cref="LayerList"/> for the types),
/// its constructor arguments under PyTorch's names (booleans as 0/1), for Sequential and Residual
/// its children. <see cref="Name"/> is the attribute name in the state_dict keys; when null, the
/// index in the enclosing list, as in nn.Sequential. A Residual block adds its main path
/// (<see cref="Layers"/>) to <see cref="Shortcut"/> (identity when null), then applies <see cref="After"/>.
/// </summary>
public sealed record LayerSpec(string Type, string? Name = null)
{
    public IReadOnlyDictionary<string, LayerArg> Args { get; init; } = new Dictionary<string, LayerArg>();
    public IReadOnlyList<LayerSpec> Layers { get; init; } = [];
    public LayerSpec? Shortcut { get; init; }
    public LayerSpec? After { get; init; }

    public LayerSpec With(string arg, LayerArg value) =>
        this with { Args = new Dictionary<string, LayerArg>(Args) { [arg] = value } };
}

/// <summary>A constructor argument: a number (booleans 0/1), a pair such as <c>kernel_size=(3, 5)</c>, or text.</summary>
public readonly record struct LayerArg(double Value, double? Second = null, string? Text = null)
{
    public static implicit operator LayerArg(double value) => new(value);

    public static LayerArg Pair(double first, double second) => new(first, second);

    public static LayerArg Of(string text) => new(double.NaN, null, text);

    public override string ToString() => Text ?? (Second is { } s ? $"({Value}, {s})" : $"{Value}");
}
