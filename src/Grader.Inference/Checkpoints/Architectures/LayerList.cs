namespace Grader.Inference.Checkpoints.Architectures;

/// <summary>
/// Builds an nn.Sequential-like list of <see cref="LayerSpec"/>s, with PyTorch's constructor
/// arguments and defaults, and names modules as torch does (index in the list unless named).
/// </summary>
internal static class LayerList
{
    /// <summary>Per-image input dims: the first Conv2d's channels with free height and width.</summary>
    public static int?[] ImageDims(IReadOnlyList<LayerSpec> layers) =>
        FirstConv(layers) is { } conv ? [Int(conv, "in_channels", "", null), null, null] : [null, null, null];

    private static LayerSpec? FirstConv(IReadOnlyList<LayerSpec> layers)
    {
        foreach (var l in layers)
        {
            if (l.Type == "Conv2d") return l;
            if (l.Type == "Sequential" && FirstConv(l.Layers) is { } inner) return inner;
            if (l.Type is "Linear" or "Flatten") return null;
        }
        return null;
    }

    public static string Build(NetworkBuilder b, string x, IReadOnlyList<LayerSpec> layers, string prefix)
    {
        if (layers.Count == 0) throw new ModelLoadException($"the layer list{(prefix.Length > 0 ? $" of {prefix}" : "")} is empty");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            string name = l.Name ?? i.ToString();
            if (name.Length == 0 || name.Contains('.') || !names.Add(name))
                throw new ModelLoadException($"layer name '{name}' in {Where(prefix)} is empty, has a dot or is used twice");
            x = Layer(b, x, l, NetworkBuilder.Key(prefix, name));
        }
        return x;
    }

    private static string Where(string prefix) => prefix.Length == 0 ? "the layer list" : prefix;

    private static string Layer(NetworkBuilder b, string x, LayerSpec l, string m)
    {
        CheckArgs(l, m);
        switch (l.Type)
        {
            case "Conv2d":
                return b.Conv(x, m, Int(l, "in_channels", m, null), Int(l, "out_channels", m, null), Int(l, "kernel_size", m, null),
                    Int(l, "stride", m, 1), Int(l, "padding", m, 0), Bool(l, "bias", true), Int(l, "groups", m, 1), Int(l, "dilation", m, 1));
            case "BatchNorm2d":
                return b.BatchNorm(x, m, Int(l, "num_features", m, null), (float)l.Args.GetValueOrDefault("eps", 1e-5));
            case "ReLU":
                return b.Relu(x, m);
            case "LeakyReLU":
                return b.Node("LeakyRelu", m, [x], ("alpha", (float)l.Args.GetValueOrDefault("negative_slope", 0.01)));
            case "MaxPool2d":
            {
                int k = Int(l, "kernel_size", m, null);
                return b.MaxPool(x, m, k, Int(l, "stride", m, k), Int(l, "padding", m, 0), Bool(l, "ceil_mode", false));
            }
            case "AvgPool2d":
            {
                int k = Int(l, "kernel_size", m, null), s = Int(l, "stride", m, k), p = Int(l, "padding", m, 0);
                return b.Node("AveragePool", m, [x], ("kernel_shape", new long[] { k, k }), ("strides", new long[] { s, s }),
                    ("pads", new long[] { p, p, p, p }), ("ceil_mode", Bool(l, "ceil_mode", false) ? 1L : 0L),
                    ("count_include_pad", Bool(l, "count_include_pad", true) ? 1L : 0L));   // torch's default differs from ONNX's
            }
            case "AdaptiveAvgPool2d":
                if (Int(l, "output_size", m, 1) != 1)
                    throw new ModelLoadException($"{m}: AdaptiveAvgPool2d is supported with output_size 1 only");
                return b.Node("GlobalAveragePool", m, [x]);
            case "Flatten":
                if (Int(l, "start_dim", m, 1) != 1) throw new ModelLoadException($"{m}: Flatten is supported with start_dim 1 only");
                return b.Flatten(x, m);
            case "Linear":
                return b.Linear(x, m, Int(l, "in_features", m, null), Int(l, "out_features", m, null), Bool(l, "bias", true));
            case "Dropout":
                return x;   // identity at inference
            case "Softmax" or "LogSoftmax":
                if (Int(l, "dim", m, 1) is not (1 or -1)) throw new ModelLoadException($"{m}: {l.Type} is supported over dim 1 only");
                return b.Node(l.Type, m, [x], ("axis", 1L));
            case "Sequential":
                return Build(b, x, l.Layers, m);
            default:
                throw new ModelLoadException($"layer {m}: type '{l.Type}' is not supported (Conv2d, BatchNorm2d, ReLU, LeakyReLU, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, Flatten, Linear, Dropout, Softmax, LogSoftmax, Sequential)");
        }
    }

    private static readonly Dictionary<string, string[]> KnownArgs = new()
    {
        ["Conv2d"] = ["in_channels", "out_channels", "kernel_size", "stride", "padding", "bias", "groups", "dilation"],
        ["BatchNorm2d"] = ["num_features", "eps", "momentum"],
        ["LeakyReLU"] = ["negative_slope", "inplace"],
        ["ReLU"] = ["inplace"],
        ["MaxPool2d"] = ["kernel_size", "stride", "padding", "ceil_mode"],
        ["AvgPool2d"] = ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"],
        ["AdaptiveAvgPool2d"] = ["output_size"],
        ["Flatten"] = ["start_dim"],
        ["Linear"] = ["in_features", "out_features", "bias"],
        ["Dropout"] = ["p", "inplace"],
        ["Softmax"] = ["dim"],
        ["LogSoftmax"] = ["dim"],
        ["Sequential"] = [],
    };

    /// <summary>A misspelt argument would silently take its default: refuse it instead.</summary>
    private static void CheckArgs(LayerSpec l, string m)
    {
        if (!KnownArgs.TryGetValue(l.Type, out var known)) return;
        foreach (var arg in l.Args.Keys)
            if (!known.Contains(arg))
                throw new ModelLoadException($"layer {m} ({l.Type}): unknown argument '{arg}' (known: {string.Join(", ", known)})");
    }

    private static int Int(LayerSpec l, string arg, string m, int? fallback)
    {
        if (!l.Args.TryGetValue(arg, out var v))
            return fallback ?? throw new ModelLoadException($"layer {m} ({l.Type}) needs '{arg}'");
        return v == Math.Floor(v) && v is >= -1 and <= 1 << 20
            ? (int)v
            : throw new ModelLoadException($"layer {m} ({l.Type}): '{arg}' = {v} is not a whole number in range");
    }

    private static bool Bool(LayerSpec l, string arg, bool fallback) => l.Args.TryGetValue(arg, out var v) ? v != 0 : fallback;
}
