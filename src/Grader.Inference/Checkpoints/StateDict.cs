namespace Grader.Inference.Checkpoints;

/// <summary>One tensor of a checkpoint, converted to contiguous float32 (row-major).</summary>
public sealed record CheckpointTensor(int[] Shape, float[] Data, string SourceType)
{
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}

/// <summary>
/// The name → tensor map a PyTorch <c>state_dict()</c> (or a safetensors file) holds, in file
/// order. Only tensors: everything else a checkpoint may carry is refused while reading.
/// </summary>
public sealed class StateDict
{
    private readonly Dictionary<string, CheckpointTensor> tensors = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    public IReadOnlyList<string> Keys => order;
    public int Count => order.Count;
    public CheckpointTensor this[string key] => tensors[key];
    public bool TryGet(string key, out CheckpointTensor tensor) => tensors.TryGetValue(key, out tensor!);

    internal void Add(string key, CheckpointTensor tensor)
    {
        if (!tensors.TryAdd(key, tensor)) throw new ModelLoadException($"the checkpoint holds key '{key}' twice");
        order.Add(key);
    }

    /// <summary>
    /// <c>nn.DataParallel</c> saves every key as <c>module.&lt;key&gt;</c>; when all keys carry the
    /// prefix it is dropped, as students usually load it with the wrapper stripped.
    /// </summary>
    public StateDict WithoutDataParallelPrefix()
    {
        const string prefix = "module.";
        if (order.Count == 0 || !order.All(k => k.StartsWith(prefix, StringComparison.Ordinal))) return this;
        var stripped = new StateDict();
        foreach (var k in order) stripped.Add(k[prefix.Length..], tensors[k]);
        return stripped;
    }
}
