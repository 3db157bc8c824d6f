using Grader.Inference.Graph;
using Grader.Inference.Onnx.Proto;
using AttrType = Grader.Inference.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace Grader.Inference.Onnx;

/// <summary>Typed access to a node's attributes, with errors that name the node and attribute.</summary>
internal sealed class NodeAttributes
{
    private readonly Dictionary<string, AttributeProto> map = new(StringComparer.Ordinal);
    private readonly string node;

    public NodeAttributes(string node, IEnumerable<AttributeProto> attributes)
    {
        this.node = node;
        foreach (var a in attributes)
            if (!map.TryAdd(a.Name, a)) throw new ModelLoadException($"node {node} declares attribute '{a.Name}' twice");
    }

    public static NodeAttributes Empty(string node) => new(node, []);

    public bool Has(string name) => map.ContainsKey(name);

    private AttributeProto? Get(string name, AttrType type)
    {
        if (!map.TryGetValue(name, out var a)) return null;
        if (a.HasType && a.Type != type)
            throw new ModelLoadException($"attribute '{name}' of node {node} should be {type}, got {a.Type}");
        return a;
    }

    public long Int(string name, long fallback) => Get(name, AttrType.Int)?.I ?? fallback;
    public float Float(string name, float fallback) => Get(name, AttrType.Float)?.F ?? fallback;
    public string String(string name, string fallback) => Get(name, AttrType.String)?.S.ToStringUtf8() ?? fallback;
    public long[]? Ints(string name) => Get(name, AttrType.Ints)?.Ints.ToArray();
    public float[]? Floats(string name) => Get(name, AttrType.Floats)?.Floats.ToArray();

    public TensorData? Tensor(string name)
    {
        var a = Get(name, AttrType.Tensor);
        return a?.T is null ? null : TensorDecoder.Decode(a.T, $"attribute '{name}' of node {node}");
    }

    /// <summary>Ints as int[] with a range check (kernel sizes, strides, pads...).</summary>
    public int[]? SmallInts(string name, int min = int.MinValue / 2, int max = int.MaxValue / 2)
    {
        var v = Ints(name);
        if (v is null) return null;
        var r = new int[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            if (v[i] < min || v[i] > max)
                throw new ModelLoadException($"attribute '{name}' of node {node} has out-of-range value {v[i]}");
            r[i] = (int)v[i];
        }
        return r;
    }
}
