using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>
/// The operator whitelist: ONNX op type → parser. Anything not listed is refused at load, before
/// any compute is spent on the model.
/// </summary>
internal static class OperatorRegistry
{
    private static readonly Dictionary<string, Func<NodeInfo, NodeAttributes, OpNode>> Factories = Build();

    private static Dictionary<string, Func<NodeInfo, NodeAttributes, OpNode>> Build()
    {
        var f = new Dictionary<string, Func<NodeInfo, NodeAttributes, OpNode>>(StringComparer.Ordinal)
        {
            ["Conv"] = (i, a) => new ConvNode(i, a),
            ["MaxPool"] = (i, a) => new PoolNode(i, a),
            ["AveragePool"] = (i, a) => new PoolNode(i, a),
            ["GlobalAveragePool"] = (i, _) => new GlobalAveragePoolNode(i),
            ["GlobalMaxPool"] = (i, _) => new GlobalAveragePoolNode(i),
            ["Gemm"] = (i, a) => new GemmNode(i, a),
            ["MatMul"] = (i, _) => new MatMulNode(i),
            ["BatchNormalization"] = (i, a) => new BatchNormNode(i, a),
            ["Transpose"] = (i, a) => new TransposeNode(i, a),
            ["Concat"] = (i, a) => new ConcatNode(i, a),
            ["Slice"] = (i, a) => new SliceNode(i, a),
            ["Split"] = (i, a) => new SplitNode(i, a),
            ["Gather"] = (i, a) => new GatherNode(i, a),
            ["Pad"] = (i, a) => new PadNode(i, a),
            ["Softmax"] = (i, a) => new SoftmaxNode(i, a),
            ["LogSoftmax"] = (i, a) => new SoftmaxNode(i, a),
            ["Shape"] = (i, a) => new ShapeNode(i, a),
            ["Cast"] = (i, a) => new CastNode(i, a),
            ["CastLike"] = (i, a) => new CastNode(i, a),
            ["Constant"] = (i, a) => new ConstantNode(i, a),
            ["ConstantOfShape"] = (i, a) => new ConstantOfShapeNode(i, a),
            ["Range"] = (i, _) => new RangeNode(i),
            ["Size"] = (i, _) => new SizeNode(i),
            ["ScatterND"] = (i, a) => new ScatterNdNode(i, a),
            ["DepthToSpace"] = (i, a) => new BlockRearrangeNode(i, a),
            ["SpaceToDepth"] = (i, a) => new BlockRearrangeNode(i, a),
            ["Where"] = (i, _) => new WhereNode(i),
            ["Expand"] = (i, _) => new RepeatNode(i),
            ["Tile"] = (i, _) => new RepeatNode(i),
            ["Resize"] = (i, a) => new ResizeNode(i, a),
            ["Upsample"] = (i, a) => new ResizeNode(i, a),
            ["LayerNormalization"] = (i, a) => new NormalizationNode(i, a),
            ["InstanceNormalization"] = (i, a) => new NormalizationNode(i, a),
            ["GroupNormalization"] = (i, a) => new NormalizationNode(i, a),
            ["ArgMax"] = (i, a) => new ArgNode(i, a),
            ["ArgMin"] = (i, a) => new ArgNode(i, a),
        };
        foreach (var op in new[] { "Add", "Sub", "Mul", "Div", "PRelu", "Pow", "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual",
                     "Max", "Min", "Sum", "Mean", "And", "Or", "Xor", "Mod" })
            f[op] = (i, a) => new BinaryNode(i, a);
        foreach (var op in UnaryNode.OpTypes) f[op] = (i, a) => new UnaryNode(i, a);
        foreach (var op in new[] { "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Identity", "Dropout" })
            f[op] = (i, a) => new ReshapeFamilyNode(i, a);
        foreach (var kind in Enum.GetNames<Cpu.ReduceKind>()) f["Reduce" + kind] = (i, a) => new ReduceNode(i, a);
        return f;
    }

    public static IReadOnlyList<string> Supported { get; } = Factories.Keys.Order(StringComparer.Ordinal).ToArray();

    public static bool IsSupported(string opType) => Factories.ContainsKey(opType);

    public static OpNode Create(NodeInfo info, NodeAttributes attributes)
    {
        if (!Factories.TryGetValue(info.OpType, out var f)) throw Unsupported([(info.OpType, info.Name)]);
        return f(info, attributes);
    }

    /// <summary>One message naming every unsupported operator of a model (with up to three of its
    /// nodes each), so a student learns of all of them on the first try.</summary>
    public static ModelLoadException Unsupported(IReadOnlyList<(string Op, string Node)> found)
    {
        var parts = found.GroupBy(f => f.Op, StringComparer.Ordinal).Select(g =>
        {
            var nodes = g.Select(f => f.Node).Distinct().ToList();
            string where = nodes.Count == 1 ? $"node {nodes[0]}"
                : $"nodes {string.Join(", ", nodes.Take(3))}{(nodes.Count > 3 ? $" and {nodes.Count - 3} more" : "")}";
            return $"{g.Key} at {where}";
        }).ToList();
        string head = parts.Count == 1 ? "unsupported operator" : $"{parts.Count} unsupported operators:";
        return new ModelLoadException($"{head} {string.Join("; ", parts)} (supported: {string.Join(", ", Supported)})");
    }
}
