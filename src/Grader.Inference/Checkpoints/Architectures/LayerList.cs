namespace Grader.Inference.Checkpoints.Architectures;

/// <summary>
/// Builds an nn.Sequential-like list of <see cref="LayerSpec"/>s, with PyTorch's constructor
/// arguments and defaults, and names modules as torch does (index in the list unless named).
/// Each layer's per-image output shape is followed (−1 where the input size is not known), so a
/// mis-wired list fails here with the layer's name, and AdaptiveAvgPool2d can pool to any size.
/// </summary>
internal static class LayerList
{
    /// <summary>The layer types a list may hold, with the constructor arguments each takes (PyTorch's
    /// names; those that change nothing at inference, such as inplace or momentum, are accepted).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Arguments = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Conv2d"] = ["in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias", "padding_mode"],
        ["Linear"] = ["in_features", "out_features", "bias"],
        ["BatchNorm2d"] = ["num_features", "eps", "momentum", "affine", "track_running_stats"],
        ["BatchNorm1d"] = ["num_features", "eps", "momentum", "affine", "track_running_stats"],
        ["ReLU"] = ["inplace"],
        ["ReLU6"] = ["inplace"],
        ["LeakyReLU"] = ["negative_slope", "inplace"],
        ["PReLU"] = ["num_parameters", "init"],
        ["ELU"] = ["alpha", "inplace"],
        ["GELU"] = ["approximate"],
        ["Sigmoid"] = [],
        ["Tanh"] = [],
        ["MaxPool2d"] = ["kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"],
        ["AvgPool2d"] = ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"],
        ["AdaptiveAvgPool2d"] = ["output_size"],
        ["Flatten"] = ["start_dim", "end_dim"],
        ["Dropout"] = ["p", "inplace"],
        ["Dropout2d"] = ["p", "inplace"],
        ["Identity"] = [],
        ["Softmax"] = ["dim"],
        ["LogSoftmax"] = ["dim"],
        ["Sequential"] = [],
        ["Residual"] = [],
    };

    /// <summary>The per-image input: the given shape, else the first Conv2d's channels (checked when it is built) with free height and width.</summary>
    public static int[] InputShape(ArchitectureSpec architecture) =>
        architecture.InputShape is { Count: 3 } given ? [.. given]
        : [FirstConv(architecture.Layers) is { } conv && conv.Args.TryGetValue("in_channels", out var c) && c.Value is >= 1 and <= 1 << 20 ? (int)c.Value : -1, -1, -1];

    private static LayerSpec? FirstConv(IReadOnlyList<LayerSpec> layers)
    {
        foreach (var l in layers)
        {
            if (l.Type == "Conv2d") return l;
            if (l.Type is "Sequential" or "Residual" && FirstConv(l.Layers) is { } inner) return inner;
            if (l.Type is "Linear" or "Flatten") return null;
        }
        return null;
    }

    public static Flow Build(NetworkBuilder b, Flow x, IReadOnlyList<LayerSpec> layers, string prefix, ISet<string>? taken = null)
    {
        if (layers.Count == 0) throw new ModelLoadException($"the layer list{(prefix.Length > 0 ? $" of {prefix}" : "")} is empty");
        var names = taken ?? new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < layers.Count; i++)
            x = Layer(b, x, layers[i], Name(layers[i], i.ToString(), prefix, names));
        return x;
    }

    /// <summary>The module path of a layer: its name (or the fallback) under the prefix, unique among its siblings.</summary>
    private static string Name(LayerSpec l, string fallback, string prefix, ISet<string> siblings)
    {
        string name = l.Name ?? fallback;
        if (name.Length == 0 || name.Contains('.') || !siblings.Add(name))
            throw new ModelLoadException($"layer name '{name}' in {(prefix.Length == 0 ? "the layer list" : prefix)} is empty, has a dot or is used twice");
        return NetworkBuilder.Key(prefix, name);
    }

    private static Flow Layer(NetworkBuilder b, Flow x, LayerSpec l, string m)
    {
        if (!Arguments.TryGetValue(l.Type, out var known))
            throw new ModelLoadException($"layer {m}: type '{l.Type}' is not supported ({string.Join(", ", Arguments.Keys)})");
        var a = new LayerArgs(l, m, known);
        return l.Type switch
        {
            "Sequential" => Build(b, x, l.Layers, m),
            "Residual" => Residual(b, x, l, m),
            "Conv2d" or "Linear" or "BatchNorm2d" or "BatchNorm1d" => ParametricLayers.Build(b, x, a, m),
            "MaxPool2d" or "AvgPool2d" or "AdaptiveAvgPool2d" => PoolingLayers.Build(b, x, a, m),
            "ReLU" or "ReLU6" or "LeakyReLU" or "PReLU" or "ELU" or "GELU" or "Sigmoid" or "Tanh" => Activations.Build(b, x, a, m),
            _ => ShapeLayers.Build(b, x, a, m),
        };
    }

    /// <summary>y = After(main(x) + shortcut(x)): main's layers and the shortcut are modules of the block.</summary>
    private static Flow Residual(NetworkBuilder b, Flow x, LayerSpec l, string m)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var main = Build(b, x, l.Layers, m, names);
        var shortcut = l.Shortcut is { } s ? Layer(b, x, s, Name(s, "shortcut", m, names)) : x;
        if (!Flow.SameShape(main.Shape, shortcut.Shape))
            throw new ModelLoadException($"residual block {m}: the main path gives {Flow.Format(main.Shape)} but the shortcut {Flow.Format(shortcut.Shape)}; "
                + "they must match to be added (a shortcut with a 1x1 Conv2d and stride changes channels and size)");
        var sum = new Flow(b.Node("Add", m, [main.Name, shortcut.Name]), Flow.Merge(main.Shape, shortcut.Shape));
        return l.After is { } after ? Layer(b, sum, after, Name(after, "activation", m, names)) : sum;
    }
}

/// <summary>A tensor of the network being built and its per-image shape (−1: not known before the input size is).</summary>
internal readonly record struct Flow(string Name, int[] Shape)
{
    public bool IsImage => Shape.Length == 3;

    public static bool SameShape(int[] a, int[] b) =>
        a.Length == b.Length && a.Zip(b).All(p => p.First < 0 || p.Second < 0 || p.First == p.Second);

    public static int[] Merge(int[] a, int[] b) => a.Zip(b, (x, y) => x >= 0 ? x : y).ToArray();

    public static string Format(int[] shape) => string.Join("x", shape.Select(d => d < 0 ? "?" : d.ToString()));

    /// <summary>The (C, H, W) of an image input, or a refusal naming the layer.</summary>
    public (int C, int H, int W) Image(string module, string type) =>
        IsImage ? (Shape[0], Shape[1], Shape[2])
        : throw new ModelLoadException($"layer {module} ({type}) needs an image (C, H, W) input, but gets {Format(Shape)} (after a Flatten?)");
}
