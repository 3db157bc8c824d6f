using Google.Protobuf;
using Grader.Inference.Onnx.Proto;
using AttrType = Grader.Inference.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace Grader.Inference.Checkpoints.Architectures;

/// <summary>
/// Writes a network as an in-memory ONNX graph whose initializers are named by the state_dict
/// keys, so the checkpoint runs through exactly the loader, passes and kernels an exported model
/// does. Every parameter the network asks for is recorded with its shape; <see cref="Build"/>
/// compares them with the state_dict the way torch's load_state_dict(strict=True) does.
/// </summary>
internal sealed class NetworkBuilder
{
    private readonly GraphProto graph = new() { Name = "checkpoint" };
    private readonly List<(string Key, int[] Shape, bool Optional)> parameters = [];
    private readonly List<TensorProto> constants = [];
    private int counter;

    public const string Input = "input";

    public NetworkBuilder(IReadOnlyList<int?> imageDims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (var d in imageDims)
            shape.Dim.Add(d is { } v ? new TensorShapeProto.Types.Dimension { DimValue = v } : new TensorShapeProto.Types.Dimension { DimParam = "size" });
        graph.Input.Add(new ValueInfoProto
        {
            Name = Input,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        });
    }

    /// <summary>A parameter (or buffer) the network expects under <paramref name="key"/>.</summary>
    public string Param(string key, params int[] shape)
    {
        parameters.Add((key, shape, false));
        return key;
    }

    /// <summary>A buffer that is expected but harmless to lack (BatchNorm's num_batches_tracked).</summary>
    public void OptionalBuffer(string key, params int[] shape) => parameters.Add((key, shape, true));

    /// <summary>A constant of the network itself (not in the state_dict): a Clip bound, a pooling matrix.</summary>
    public string Constant(float[] values, params int[] shape)
    {
        var proto = new TensorProto { Name = $"constant/{counter++}", DataType = (int)TensorProto.Types.DataType.Float };
        proto.Dims.AddRange(shape.Select(d => (long)d));
        proto.FloatData.AddRange(values);
        constants.Add(proto);
        return proto.Name;
    }

    /// <summary>An int64 constant (a Reshape target).</summary>
    public string Constant(long[] values)
    {
        var proto = new TensorProto { Name = $"constant/{counter++}", DataType = (int)TensorProto.Types.DataType.Int64 };
        proto.Dims.Add(values.Length);
        proto.Int64Data.AddRange(values);
        constants.Add(proto);
        return proto.Name;
    }

    public string Scalar(float value) => Constant([value]);

    public string Node(string op, string module, string[] inputs, params (string Name, object Value)[] attributes)
    {
        string output = $"{module}/{op}_{counter++}";
        var n = new NodeProto { Name = $"{module}/{op}", OpType = op };
        n.Input.AddRange(inputs);
        n.Output.Add(output);
        foreach (var (name, value) in attributes)
        {
            var a = new AttributeProto { Name = name };
            switch (value)
            {
                case long l: a.Type = AttrType.Int; a.I = l; break;
                case float f: a.Type = AttrType.Float; a.F = f; break;
                case long[] ls: a.Type = AttrType.Ints; a.Ints.AddRange(ls); break;
                default: throw new ArgumentException($"attribute {name}: {value.GetType()}");
            }
            n.Attribute.Add(a);
        }
        graph.Node.Add(n);
        return output;
    }

    // Modules, as torch.nn defines their parameters.

    public string Conv(string x, string module, int inC, int outC, int kernel, int stride = 1, int padding = 0,
        bool bias = true, int groups = 1, int dilation = 1) =>
        Conv(x, module, inC, outC, (kernel, kernel), (stride, stride), (padding, padding), bias, groups, (dilation, dilation));

    public string Conv(string x, string module, int inC, int outC, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding,
        bool bias, int groups, (int H, int W) dilation)
    {
        if (groups < 1 || inC % groups != 0 || outC % groups != 0)
            throw new ModelLoadException($"{module}: channels {inC}→{outC} are not divisible by groups={groups}");
        var inputs = new List<string> { x, Param(Key(module, "weight"), outC, inC / groups, kernel.H, kernel.W) };
        if (bias) inputs.Add(Param(Key(module, "bias"), outC));
        return Node("Conv", module, [.. inputs], ("kernel_shape", new long[] { kernel.H, kernel.W }), ("strides", new long[] { stride.H, stride.W }),
            ("pads", new long[] { padding.H, padding.W, padding.H, padding.W }), ("dilations", new long[] { dilation.H, dilation.W }), ("group", (long)groups));
    }

    /// <summary>BatchNorm in eval mode; without <paramref name="affine"/> there is no weight or bias (γ = 1, β = 0).</summary>
    public string BatchNorm(string x, string module, int channels, float eps = 1e-5f, bool affine = true)
    {
        string scale = affine ? Param(Key(module, "weight"), channels) : Constant(Enumerable.Repeat(1f, channels).ToArray(), channels);
        string shift = affine ? Param(Key(module, "bias"), channels) : Constant(new float[channels], channels);
        string mean = Param(Key(module, "running_mean"), channels), variance = Param(Key(module, "running_var"), channels);
        OptionalBuffer(Key(module, "num_batches_tracked"));
        return Node("BatchNormalization", module, [x, scale, shift, mean, variance], ("epsilon", eps));
    }

    public string Linear(string x, string module, int inF, int outF, bool bias = true)
    {
        var inputs = new List<string> { x, Param(Key(module, "weight"), outF, inF) };
        if (bias) inputs.Add(Param(Key(module, "bias"), outF));
        return Node("Gemm", module, [.. inputs], ("transB", 1L));
    }

    public string Relu(string x, string module) => Node("Relu", module, [x]);

    public string MaxPool(string x, string module, int kernel, int stride, int padding = 0, bool ceil = false) =>
        Pool("MaxPool", x, module, (kernel, kernel), (stride, stride), (padding, padding), ceil);

    /// <summary>MaxPool or AveragePool; <paramref name="extra"/> adds AveragePool's count_include_pad.</summary>
    public string Pool(string op, string x, string module, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding, bool ceil,
        params (string Name, object Value)[] extra) =>
        Node(op, module, [x], [("kernel_shape", new long[] { kernel.H, kernel.W }), ("strides", new long[] { stride.H, stride.W }),
            ("pads", new long[] { padding.H, padding.W, padding.H, padding.W }), ("ceil_mode", ceil ? 1L : 0L), .. extra]);

    public string Flatten(string x, string module) => Node("Flatten", module, [x], ("axis", 1L));

    public static string Key(string module, string name) => module.Length == 0 ? name : $"{module}.{name}";

    /// <summary>
    /// Checks <paramref name="stateDict"/> against the recorded parameters (missing, unexpected,
    /// mis-shaped keys, all reported at once like load_state_dict) and returns the ONNX model with
    /// the tensors as initializers. Without a state_dict every parameter is zero: the network as
    /// the architecture alone makes it, for checking a rubric before any weights exist.
    /// </summary>
    public ModelProto Build(string output, StateDict? stateDict, string architecture)
    {
        if (stateDict is not null) CheckKeys(stateDict, architecture);
        long total = parameters.Where(p => !p.Optional).Sum(p => p.Shape.Aggregate(1L, (n, d) => n * d));
        if (total > Safety.ModelLimits.Default.MaxParameters)
            throw new ModelLoadException($"{architecture} has {total:N0} parameters, over the limit of {Safety.ModelLimits.Default.MaxParameters:N0}");
        foreach (var (key, shape, optional) in parameters)
        {
            if (optional) continue;
            var proto = new TensorProto { Name = key, DataType = (int)TensorProto.Types.DataType.Float };
            proto.Dims.AddRange(shape.Select(d => (long)d));
            var bytes = new byte[shape.Aggregate(1L, (n, d) => n * d) * sizeof(float)];
            if (stateDict is not null) Buffer.BlockCopy(stateDict[key].Data, 0, bytes, 0, bytes.Length);
            proto.RawData = ByteString.CopyFrom(bytes);
            graph.Initializer.Add(proto);
        }
        graph.Initializer.AddRange(constants);
        graph.Output.Add(new ValueInfoProto { Name = output });
        var model = new ModelProto { IrVersion = 8, ProducerName = "grader-checkpoint", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model;
    }

    private void CheckKeys(StateDict stateDict, string architecture)
    {
        var expected = parameters.ToDictionary(p => p.Key, StringComparer.Ordinal);
        var missing = parameters.Where(p => !p.Optional && !stateDict.TryGet(p.Key, out _)).Select(p => p.Key).ToList();
        var unexpected = stateDict.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        var misShaped = new List<string>();
        foreach (var (key, shape, _) in parameters)
            if (stateDict.TryGet(key, out var t) && !t.Shape.SequenceEqual(shape))
                misShaped.Add($"size mismatch for {key}: copying a param with shape {Size(t.Shape)} from checkpoint, the shape in current model is {Size(shape)}.");
        if (missing.Count + unexpected.Count + misShaped.Count == 0) return;
        var lines = new List<string>();
        if (missing.Count > 0) lines.Add($"Missing key(s) in state_dict: {Quoted(missing)}.");
        if (unexpected.Count > 0) lines.Add($"Unexpected key(s) in state_dict: {Quoted(unexpected)}.");
        lines.AddRange(misShaped);
        throw new ModelLoadException($"Error(s) in loading state_dict for {architecture}:\n\t{string.Join("\n\t", lines)}");
    }

    private static string Size(int[] shape) => $"torch.Size([{string.Join(", ", shape)}])";

    private static string Quoted(IEnumerable<string> keys)
    {
        var list = keys.ToList();
        var shown = string.Join(", ", list.Take(20).Select(k => $"\"{k}\""));
        return list.Count > 20 ? $"{shown}, ... ({list.Count} in all)" : shown;
    }
}
