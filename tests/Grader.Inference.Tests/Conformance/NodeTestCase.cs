using Grader.Inference.Onnx.Proto;

namespace Grader.Inference.Tests.Conformance;

/// <summary>A tensor of a test data set, widened as the engine holds it: floating point as float32,
/// integers and booleans as int64. Null data where the type is one the engine does not compute.</summary>
internal sealed record TestTensor(string Name, int ElementType, int[] Shape, float[]? Floats, long[]? Longs)
{
    public bool IsFloat => Floats is not null;

    /// <summary>float32, or an integer/boolean type the engine holds as int64.</summary>
    public static bool IsComputable(int elementType) => elementType is 1 or 2 or 3 or 4 or 5 or 6 or 7 or 9 or 12 or 13;

    public static TestTensor Read(string file)
    {
        var t = TensorProto.Parser.ParseFrom(File.ReadAllBytes(file));
        var shape = t.Dims.Select(d => (int)d).ToArray();
        if (!IsComputable(t.DataType)) return new TestTensor(t.Name, t.DataType, shape, null, null);
        var data = Onnx.TensorDecoder.Decode(WithoutUnsigned(t), t.Name);
        return new TestTensor(t.Name, t.DataType, shape, data.Floats, data.Longs);
    }

    /// <summary>The decoder reads the signed layouts; uint16/32/64 hold small test values that fit.</summary>
    private static TensorProto WithoutUnsigned(TensorProto t)
    {
        if (t.DataType is not (4 or 12 or 13)) return t;
        var c = t.Clone();
        int size = t.DataType switch { 4 => 2, 12 => 4, _ => 8 };
        var raw = t.RawData.ToByteArray();
        var longs = new long[raw.Length / size];
        for (int i = 0; i < longs.Length; i++)
            longs[i] = size switch { 2 => BitConverter.ToUInt16(raw, i * 2), 4 => BitConverter.ToUInt32(raw, i * 4), _ => (long)BitConverter.ToUInt64(raw, i * 8) };
        if (!t.HasRawData) longs = t.DataType == 13 ? t.Uint64Data.Select(v => (long)v).ToArray() : t.Int32Data.Select(v => (long)(uint)v).ToArray();
        c.ClearRawData();
        c.Int32Data.Clear();
        c.Uint64Data.Clear();
        c.DataType = 7;
        c.Int64Data.AddRange(longs);
        return c;
    }

    /// <summary>The tensor as an initializer named <paramref name="name"/>.</summary>
    public TensorProto ToProto(string name)
    {
        var t = new TensorProto { Name = name, DataType = IsFloat ? 1 : 7 };
        t.Dims.AddRange(Shape.Select(d => (long)d));
        if (IsFloat) t.FloatData.AddRange(Floats!);
        else t.Int64Data.AddRange(Longs!);
        return t;
    }
}

/// <summary>One case of ONNX's backend node tests: a model (usually one node) and data sets of
/// inputs with the expected outputs, as Debian's libonnx-testdata installs them.</summary>
internal sealed class NodeTestCase
{
    public const string DefaultDirectory = "/usr/share/libonnx-testdata/data/node";

    /// <summary>Where the cases are: $GRADER_ONNX_NODE_TESTS or Debian's folder.</summary>
    public static string Directory => Environment.GetEnvironmentVariable("GRADER_ONNX_NODE_TESTS") is { Length: > 0 } d ? d : DefaultDirectory;

    public static bool Available => System.IO.Directory.Exists(Directory);

    public string Name { get; }
    public ModelProto Model { get; }
    public IReadOnlyList<(TestTensor[] Inputs, TestTensor[] Outputs)> DataSets { get; }

    /// <summary>Values that are not tensors (sequences, optionals, maps): their files are not TensorProtos.</summary>
    public bool HasNonTensorValues { get; }

    private NodeTestCase(string dir)
    {
        Name = Path.GetFileName(dir);
        Model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(dir, "model.onnx")));
        HasNonTensorValues = Model.Graph.Input.Concat(Model.Graph.Output).Any(v => v.Type?.TensorType is null);
        DataSets = HasNonTensorValues ? [] : System.IO.Directory.GetDirectories(dir, "test_data_set_*").Order(StringComparer.Ordinal).Select(set =>
        {
            TestTensor[] Read(string prefix) => Enumerable.Range(0, int.MaxValue)
                .Select(i => Path.Combine(set, $"{prefix}_{i}.pb")).TakeWhile(File.Exists).Select(TestTensor.Read).ToArray();
            return (Read("input"), Read("output"));
        }).ToList();
    }

    private NodeTestCase(NodeTestCase other, ModelProto model)
    {
        Name = other.Name;
        Model = model;
        HasNonTensorValues = other.HasNonTensorValues;
        DataSets = other.DataSets;
    }

    /// <summary>The same case with its default-domain import set to <paramref name="opset"/>.</summary>
    public NodeTestCase WithOpset(long opset)
    {
        var model = Model.Clone();
        foreach (var o in model.OpsetImport.Where(o => string.IsNullOrEmpty(o.Domain) || o.Domain == "ai.onnx")) o.Version = opset;
        return new NodeTestCase(this, model);
    }

    public static IEnumerable<NodeTestCase> All() =>
        System.IO.Directory.GetDirectories(Directory, "test_*").Order(StringComparer.Ordinal).Select(d => new NodeTestCase(d));

    /// <summary>The default domain's opset the model imports.</summary>
    public long Opset => Model.OpsetImport.Where(o => string.IsNullOrEmpty(o.Domain) || o.Domain == "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();

    /// <summary>Element types the graph declares for its inputs and outputs (test data may store
    /// e.g. bfloat16 as uint16).</summary>
    public IEnumerable<int> DeclaredElementTypes =>
        Model.Graph.Input.Concat(Model.Graph.Output).Where(v => v.Type?.TensorType is not null).Select(v => v.Type.TensorType.ElemType);

    /// <summary>Operator types of the graph's nodes, with their domain where it is not the default.</summary>
    public IReadOnlyList<string> Operators =>
        Model.Graph.Node.Select(n => string.IsNullOrEmpty(n.Domain) || n.Domain == "ai.onnx" ? n.OpType : $"{n.Domain}.{n.OpType}").Distinct().ToList();
}
