using Grader.Inference.Operators;

namespace Grader.Inference.Graph;

/// <summary>
/// A validated, batch-independent model: the single image input, constants (initializers and
/// Constant nodes), and typed operator nodes in topological order. Produced once at load and shared
/// by every backend and every batch size.
/// </summary>
internal sealed class ModelGraph
{
    public required string InputName { get; init; }

    /// <summary>Declared input dims; null where the file names a symbolic dim (e.g. "batch").</summary>
    public required int?[] InputDims { get; init; }

    public required IReadOnlyList<string> OutputNames { get; init; }
    public required Dictionary<string, TensorData> Constants { get; init; }
    public required List<OpNode> Nodes { get; set; }
    public required int Opset { get; init; }

    /// <summary>Float parameters declared by the file (before any folding), i.e. what the student trained.</summary>
    public required long ParameterCount { get; init; }

    /// <summary>Names consumed by node inputs or graph outputs, with the consuming nodes; recomputed after rewrites.</summary>
    public Dictionary<string, List<OpNode>> Consumers()
    {
        var map = new Dictionary<string, List<OpNode>>(StringComparer.Ordinal);
        foreach (var n in Nodes)
            foreach (var i in n.Inputs)
                if (i.Length > 0)
                {
                    if (!map.TryGetValue(i, out var list)) map[i] = list = [];
                    list.Add(n);
                }
        return map;
    }
}
