namespace Grader.Inference.Checkpoints.Architectures;

/// <summary>
/// Reads one layer's constructor arguments with PyTorch's defaults. An argument its type does not
/// take is refused before anything is built, because a misspelt argument would otherwise
/// silently take its default.
/// </summary>
internal sealed class LayerArgs
{
    private readonly LayerSpec layer;
    private readonly string module;

    public LayerArgs(LayerSpec layer, string module, IReadOnlyList<string> known)
    {
        (this.layer, this.module) = (layer, module);
        foreach (var arg in layer.Args.Keys)
            if (!known.Contains(arg))
                throw new ModelLoadException($"layer {module} ({layer.Type}): unknown argument '{arg}' (known: {(known.Count == 0 ? "none" : string.Join(", ", known))})");
    }

    public string Type => layer.Type;

    public int Int(string name, int? fallback = null)
    {
        if (!Get(name, out var v)) return fallback ?? throw Needs(name);
        if (v.Second is not null || v.Text is not null) throw Bad(name, v, "a whole number");
        return Whole(name, v.Value);
    }

    /// <summary>An int or a (height, width) pair, as PyTorch's <c>_pair</c> arguments take.</summary>
    public (int H, int W) Size(string name, (int H, int W)? fallback = null)
    {
        if (!Get(name, out var v)) return fallback ?? throw Needs(name);
        if (v.Text is not null) throw Bad(name, v, "a whole number or a pair");
        return (Whole(name, v.Value), Whole(name, v.Second ?? v.Value));
    }

    public float Float(string name, float fallback) =>
        !Get(name, out var v) ? fallback
        : v.Second is null && v.Text is null && double.IsFinite(v.Value) ? (float)v.Value
        : throw Bad(name, v, "a number");

    public bool Bool(string name, bool fallback) =>
        !Get(name, out var v) ? fallback
        : v.Second is null && v.Text is null && v.Value is 0 or 1 ? v.Value == 1
        : throw Bad(name, v, "true or false");

    /// <summary>A text argument restricted to <paramref name="allowed"/> (the first is the default).</summary>
    public string Text(string name, params string[] allowed) =>
        !Get(name, out var v) ? allowed[0]
        : v.Text is { } t && allowed.Contains(t) ? t
        : throw Bad(name, v, string.Join(" or ", allowed.Select(a => $"'{a}'")));

    /// <summary>A module that must be configured one way for inference to match (e.g. BatchNorm tracking running stats).</summary>
    public void Require(bool holds, string why)
    {
        if (!holds) throw new ModelLoadException($"layer {module} ({layer.Type}): {why}");
    }

    private bool Get(string name, out LayerArg value) => layer.Args.TryGetValue(name, out value);

    private int Whole(string name, double v) =>
        v == Math.Floor(v) && v is >= -1 and <= 1 << 20
            ? (int)v
            : throw new ModelLoadException($"layer {module} ({layer.Type}): '{name}' = {v} is not a whole number in range");

    private ModelLoadException Needs(string name) => new($"layer {module} ({layer.Type}) needs '{name}'");

    private ModelLoadException Bad(string name, LayerArg v, string expected) =>
        new($"layer {module} ({layer.Type}): '{name}' is {v}, expected {expected}");
}
