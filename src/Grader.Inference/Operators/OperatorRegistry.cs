using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>
/// The operator whitelist: ONNX op type → parser. Anything not listed is refused at load, before
/// any compute is spent on the model.
/// </summary>
internal static class OperatorRegistry
{
    private static readonly Dictionary<string, Func<NodeInfo, NodeAttributes, OpNode>> Factories = new(StringComparer.Ordinal)
    {
        ["Conv"] = (i, a) => new ConvNode(i, a),
        ["MaxPool"] = (i, a) => new PoolNode(i, a),
        ["AveragePool"] = (i, a) => new PoolNode(i, a),
        ["GlobalAveragePool"] = (i, _) => new GlobalAveragePoolNode(i),
        ["Gemm"] = (i, a) => new GemmNode(i, a),
        ["MatMul"] = (i, _) => new MatMulNode(i),
        ["Add"] = (i, _) => new BinaryNode(i),
        ["Sub"] = (i, _) => new BinaryNode(i),
        ["Mul"] = (i, _) => new BinaryNode(i),
        ["Div"] = (i, _) => new BinaryNode(i),
        ["PRelu"] = (i, _) => new BinaryNode(i),
        ["Relu"] = (i, a) => new UnaryNode(i, a),
        ["LeakyRelu"] = (i, a) => new UnaryNode(i, a),
        ["Sigmoid"] = (i, a) => new UnaryNode(i, a),
        ["Tanh"] = (i, a) => new UnaryNode(i, a),
        ["Clip"] = (i, a) => new UnaryNode(i, a),
        ["BatchNormalization"] = (i, a) => new BatchNormNode(i, a),
        ["Flatten"] = (i, a) => new ReshapeFamilyNode(i, a),
        ["Reshape"] = (i, a) => new ReshapeFamilyNode(i, a),
        ["Squeeze"] = (i, a) => new ReshapeFamilyNode(i, a),
        ["Unsqueeze"] = (i, a) => new ReshapeFamilyNode(i, a),
        ["Identity"] = (i, a) => new ReshapeFamilyNode(i, a),
        ["Dropout"] = (i, a) => new ReshapeFamilyNode(i, a),
        ["Transpose"] = (i, a) => new TransposeNode(i, a),
        ["Concat"] = (i, a) => new ConcatNode(i, a),
        ["Slice"] = (i, a) => new SliceNode(i, a),
        ["Split"] = (i, a) => new SplitNode(i, a),
        ["Gather"] = (i, a) => new GatherNode(i, a),
        ["Pad"] = (i, a) => new PadNode(i, a),
        ["Softmax"] = (i, a) => new SoftmaxNode(i, a),
        ["LogSoftmax"] = (i, a) => new SoftmaxNode(i, a),
        ["ReduceMean"] = (i, a) => new ReduceMeanNode(i, a),
        ["Shape"] = (i, a) => new ShapeNode(i, a),
        ["Cast"] = (i, a) => new CastNode(i, a),
        ["Constant"] = (i, a) => new ConstantNode(i, a),
        ["ConstantOfShape"] = (i, a) => new ConstantOfShapeNode(i, a),
    };

    public static IReadOnlyList<string> Supported { get; } = Factories.Keys.Order(StringComparer.Ordinal).ToArray();

    public static bool IsSupported(string opType) => Factories.ContainsKey(opType);

    public static OpNode Create(NodeInfo info, NodeAttributes attributes)
    {
        if (!Factories.TryGetValue(info.OpType, out var f))
            throw new ModelLoadException($"unsupported operator {info.OpType} at node {info.Name} (supported: {string.Join(", ", Supported)})");
        return f(info, attributes);
    }
}
