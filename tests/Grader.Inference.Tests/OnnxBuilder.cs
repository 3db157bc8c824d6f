using Google.Protobuf;
using Grader.Inference.Cpu;
using Grader.Inference.Onnx.Proto;

namespace Grader.Inference.Tests;

/// <summary>Writes small ONNX models by hand for operator and hostile-input tests.</summary>
internal sealed class OnnxBuilder
{
    private readonly ModelProto model = new() { IrVersion = 8, ProducerName = "tests" };
    private GraphProto Graph => model.Graph;
    private int nodeCount;

    public OnnxBuilder(int opset = 13)
    {
        model.Graph = new GraphProto { Name = "test" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
    }

    /// <summary>Float input; null dims are symbolic ("N").</summary>
    public OnnxBuilder Input(string name, params long?[] dims) => TypedInput(name, 1, dims);

    public OnnxBuilder TypedInput(string name, int elemType, params long?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is { } v ? new TensorShapeProto.Types.Dimension { DimValue = v } : new TensorShapeProto.Types.Dimension { DimParam = "N" });
        Graph.Input.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elemType, Shape = shape } } });
        return this;
    }

    public OnnxBuilder Output(string name)
    {
        Graph.Output.Add(new ValueInfoProto { Name = name });
        return this;
    }

    /// <summary>An output with its element type declared (onnxruntime needs it).</summary>
    public OnnxBuilder TypedOutput(string name, int elemType = 1)
    {
        Graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elemType } } });
        return this;
    }

    public OnnxBuilder Floats(string name, int[] shape, params float[] data)
    {
        Graph.Initializer.Add(FloatTensor(name, shape, data));
        return this;
    }

    public OnnxBuilder Longs(string name, params long[] data)
    {
        var t = new TensorProto { Name = name, DataType = 7 };
        t.Dims.Add(data.Length);
        t.Int64Data.AddRange(data);
        Graph.Initializer.Add(t);
        return this;
    }

    public OnnxBuilder Raw(TensorProto t)
    {
        Graph.Initializer.Add(t);
        return this;
    }

    public static TensorProto FloatTensor(string name, int[] shape, float[] data)
    {
        var t = new TensorProto { Name = name, DataType = 1 };
        t.Dims.AddRange(shape.Select(d => (long)d));
        var bytes = new byte[data.Length * 4];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        t.RawData = ByteString.CopyFrom(bytes);
        return t;
    }

    /// <summary>Attributes: long → INT, float → FLOAT, string → STRING, long[] → INTS, float[] → FLOATS, TensorProto → TENSOR.</summary>
    public OnnxBuilder Node(string op, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes) =>
        NamedNode($"/{op}_{nodeCount}", op, inputs, outputs, attributes);

    public OnnxBuilder NamedNode(string name, string op, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        nodeCount++;
        var n = new NodeProto { Name = name, OpType = op };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        foreach (var (an, v) in attributes)
        {
            var a = new AttributeProto { Name = an };
            switch (v)
            {
                case int i: a.Type = AttributeProto.Types.AttributeType.Int; a.I = i; break;
                case long l: a.Type = AttributeProto.Types.AttributeType.Int; a.I = l; break;
                case float f: a.Type = AttributeProto.Types.AttributeType.Float; a.F = f; break;
                case string s: a.Type = AttributeProto.Types.AttributeType.String; a.S = ByteString.CopyFromUtf8(s); break;
                case long[] ls: a.Type = AttributeProto.Types.AttributeType.Ints; a.Ints.AddRange(ls); break;
                case float[] fs: a.Type = AttributeProto.Types.AttributeType.Floats; a.Floats.AddRange(fs); break;
                case TensorProto t: a.Type = AttributeProto.Types.AttributeType.Tensor; a.T = t; break;
                default: throw new ArgumentException($"attribute type {v.GetType()}");
            }
            n.Attribute.Add(a);
        }
        Graph.Node.Add(n);
        return this;
    }

    public ModelProto Proto => model;
    public byte[] Build() => model.ToByteArray();
    public InferenceModel Load() => InferenceModel.Load(Build());

    /// <summary>Loads, compiles for <paramref name="imageShape"/> and runs one batch.</summary>
    public float[] Run(float[] input, int batch, int[]? imageShape = null)
    {
        using var c = new CpuBackend().Compile(Load(), new CompileOptions { ImageShape = imageShape });
        return c.Run(input, batch);
    }

    /// <summary>Single-node model over one float input X of <paramref name="dims"/> (batch first).</summary>
    public static OnnxBuilder Single(string op, long?[] dims, string[] extraInputs, int opset = 13, params (string, object)[] attributes) =>
        new OnnxBuilder(opset).Input("X", dims).Node(op, ["X", .. extraInputs], ["Y"], attributes).Output("Y");
}
