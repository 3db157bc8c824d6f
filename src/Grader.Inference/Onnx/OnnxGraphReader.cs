using Google.Protobuf;
using Grader.Inference.Graph;
using Grader.Inference.Onnx.Proto;
using Grader.Inference.Operators;
using Grader.Inference.Safety;

namespace Grader.Inference.Onnx;

/// <summary>
/// Bytes → validated <see cref="ModelGraph"/>. Every failure mode of an untrusted file (truncated
/// or garbage protobuf, absurd sizes, unsupported operators, dangling or cyclic references,
/// external data) ends in a <see cref="ModelLoadException"/> naming the culprit.
/// </summary>
internal static class OnnxGraphReader
{
    public const int MinOpset = 7, MaxOpset = 21;

    public static ModelProto Parse(ReadOnlySpan<byte> bytes, ModelLimits limits)
    {
        if (bytes.Length == 0) throw new ModelLoadException("the model file is empty");
        if (bytes.Length > limits.MaxFileBytes)
            throw new ModelLoadException($"the model file is {bytes.Length:N0} bytes; the limit is {limits.MaxFileBytes:N0}");
        try
        {
            // ParseFrom bounds every length prefix by the remaining input and nesting by a
            // recursion limit, so hostile sizes fail here instead of allocating.
            return ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelLoadException($"the file is not a valid ONNX model (damaged or truncated protobuf: {e.Message})", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ModelLoadException($"the file is not a valid ONNX model ({e.GetType().Name}: {e.Message})", e);
        }
    }

    public static ModelGraph Read(ModelProto model, ModelLimits limits)
    {
        var g = model.Graph ?? throw new ModelLoadException("the file holds no graph (is it an ONNX model?)");
        int opset = Opset(model);

        // Initializers.
        var constants = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        long parameters = 0;
        foreach (var t in g.Initializer)
        {
            if (string.IsNullOrEmpty(t.Name)) throw new ModelLoadException("an initializer has no name");
            var data = TensorDecoder.Decode(t, $"'{t.Name}'");
            if (!constants.TryAdd(t.Name, data)) throw new ModelLoadException($"initializer '{t.Name}' is declared twice");
            if (data.Type == ElementType.Float32) parameters += data.Length;
            if (parameters > limits.MaxParameters)
                throw new ModelLoadException($"the model has more than {limits.MaxParameters:N0} parameters");
        }

        if (g.Node.Count > limits.MaxNodes) throw new ModelLoadException($"the graph has {g.Node.Count} nodes; the limit is {limits.MaxNodes}");
        string NodeName(int i) => string.IsNullOrEmpty(g.Node[i].Name) ? $"{g.Node[i].OpType} #{i}" : g.Node[i].Name;
        // Every unsupported operator is named at once, before any node is parsed.
        var unsupported = new List<(string Op, string Node)>();
        for (int i = 0; i < g.Node.Count; i++)
        {
            var n = g.Node[i];
            if (!string.IsNullOrEmpty(n.Domain) && n.Domain != "ai.onnx") unsupported.Add(($"{n.Domain}.{n.OpType}", NodeName(i)));
            else if (!OperatorRegistry.IsSupported(n.OpType)) unsupported.Add((n.OpType, NodeName(i)));
        }
        if (unsupported.Count > 0) throw OperatorRegistry.Unsupported(unsupported);
        // Likewise every refused attribute (a Pad mode, training mode...), not only the first.
        var nodes = new List<OpNode>(g.Node.Count);
        var refused = new List<string>();
        for (int i = 0; i < g.Node.Count; i++)
        {
            var n = g.Node[i];
            string name = NodeName(i);
            var info = new NodeInfo(name, n.OpType, [.. n.Input], [.. n.Output], opset);
            try { nodes.Add(OperatorRegistry.Create(info, new NodeAttributes(name, n.Attribute))); }
            catch (ModelLoadException e) { refused.Add(e.Message); }
        }
        if (refused.Count == 1) throw new ModelLoadException(refused[0]);
        if (refused.Count > 1)
            throw new ModelLoadException($"{refused.Count} nodes are not supported: {string.Join("; ", refused.Take(10))}{(refused.Count > 10 ? $"; and {refused.Count - 10} more" : "")}");

        // Operators are checked first: "unsupported operator X" is the most useful message.
        // The image input: the one graph input that is not an initializer (old exporters list both).
        var inputs = g.Input.Where(i => !constants.ContainsKey(i.Name)).ToList();
        if (inputs.Count != 1)
            throw new ModelLoadException(inputs.Count == 0
                ? "the graph has no input"
                : $"the graph has {inputs.Count} inputs ({string.Join(", ", inputs.Select(i => i.Name))}); exactly one image input is supported");
        var input = inputs[0];
        var inputDims = InputDims(input, limits);

        var outputs = g.Output.Select(o => o.Name).ToList();
        if (outputs.Count == 0) throw new ModelLoadException("the graph declares no output");

        var graph = new ModelGraph
        {
            InputName = input.Name,
            InputDims = inputDims,
            OutputNames = outputs,
            Constants = constants,
            Nodes = TopologicalOrder(nodes, input.Name, constants, outputs),
            Opset = opset,
            ParameterCount = parameters,
        };
        CheckExtraOutputsUnused(graph);
        return graph;
    }

    private static int Opset(ModelProto model)
    {
        var ids = model.OpsetImport.Where(o => string.IsNullOrEmpty(o.Domain) || o.Domain == "ai.onnx").ToList();
        if (ids.Count == 0) throw new ModelLoadException("the model declares no ONNX opset");
        long v = ids.Max(o => o.Version);
        if (v < MinOpset || v > MaxOpset)
            throw new ModelLoadException($"opset {v} is not supported (supported: {MinOpset}..{MaxOpset}); re-export with opset_version between them");
        return (int)v;
    }

    private static int?[] InputDims(ValueInfoProto input, ModelLimits limits)
    {
        var tt = input.Type?.TensorType ?? throw new ModelLoadException($"graph input '{input.Name}' is not a tensor");
        if (tt.ElemType != (int)TensorProto.Types.DataType.Float)
            throw new ModelLoadException($"graph input '{input.Name}' has element type {ElementTypeNames.OnnxName(tt.ElemType)}; only float32 image inputs are accepted");
        if (tt.Shape is null || tt.Shape.Dim.Count == 0)
            throw new ModelLoadException($"graph input '{input.Name}' has no declared shape");
        var dims = new int?[tt.Shape.Dim.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            var d = tt.Shape.Dim[i];
            if (d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue)
            {
                if (d.DimValue <= 0 || d.DimValue > limits.MaxInputDim)
                    throw new ModelLoadException($"graph input '{input.Name}' declares dimension {d.DimValue}, outside 1..{limits.MaxInputDim}");
                dims[i] = (int)d.DimValue;
            }
        }
        return dims;
    }

    /// <summary>Kahn's algorithm: orders nodes so producers come first, and reports dangling
    /// references, duplicate producers and cycles by node name.</summary>
    private static List<OpNode> TopologicalOrder(List<OpNode> nodes, string inputName, Dictionary<string, TensorData> constants, List<string> outputs)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < nodes.Count; i++)
            foreach (var o in nodes[i].Outputs)
            {
                if (o.Length == 0) continue;
                if (o == inputName || constants.ContainsKey(o) || !producer.TryAdd(o, i))
                    throw new ModelLoadException($"tensor '{o}' is produced more than once (again by node {nodes[i].Name})");
            }
        var pending = new int[nodes.Count];
        var dependents = new List<int>[nodes.Count];
        for (int i = 0; i < nodes.Count; i++) dependents[i] = [];
        for (int i = 0; i < nodes.Count; i++)
            foreach (var name in nodes[i].Inputs.Distinct())
            {
                if (name.Length == 0 || name == inputName || constants.ContainsKey(name)) continue;
                if (!producer.TryGetValue(name, out int p))
                    throw new ModelLoadException($"node {nodes[i].Name} reads tensor '{name}', which no node, initializer or graph input provides");
                pending[i]++;
                dependents[p].Add(i);
            }
        var ready = new Queue<int>(Enumerable.Range(0, nodes.Count).Where(i => pending[i] == 0));
        var order = new List<OpNode>(nodes.Count);
        while (ready.Count > 0)
        {
            int i = ready.Dequeue();
            order.Add(nodes[i]);
            foreach (int d in dependents[i])
                if (--pending[d] == 0) ready.Enqueue(d);
        }
        if (order.Count != nodes.Count)
        {
            var stuck = nodes.Where((_, i) => pending[i] > 0).Take(3).Select(n => n.Name);
            throw new ModelLoadException($"the graph has a cycle involving node(s) {string.Join(", ", stuck)}");
        }
        foreach (var o in outputs)
            if (o != inputName && !constants.ContainsKey(o) && !producer.ContainsKey(o))
                throw new ModelLoadException($"graph output '{o}' is not produced by any node");
        return order;
    }

    /// <summary>Secondary outputs we do not compute (Dropout mask, BatchNorm running stats,
    /// MaxPool indices) must not feed anything.</summary>
    private static void CheckExtraOutputsUnused(ModelGraph g)
    {
        var used = g.Consumers();
        var outs = g.OutputNames.ToHashSet();
        foreach (var n in g.Nodes)
            for (int i = n.SupportedOutputs; i < n.Outputs.Length; i++)
            {
                var o = n.Outputs[i];
                if (o.Length > 0 && (used.ContainsKey(o) || outs.Contains(o)))
                    throw new ModelLoadException($"node {n.Name} ({n.OpType}): output #{i} '{o}' is used, but only the first output is supported at inference");
            }
    }
}
