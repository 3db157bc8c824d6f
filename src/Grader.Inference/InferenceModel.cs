using Grader.Inference.Checkpoints;
using Grader.Inference.Checkpoints.Architectures;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;
using Grader.Inference.Safety;

namespace Grader.Inference;

/// <summary>
/// A student's ONNX model, parsed and validated (operator whitelist, parameter and size limits,
/// shape consistency) but not yet bound to any backend. Immutable and thread-safe.
/// </summary>
public sealed class InferenceModel
{
    internal ModelGraph Graph { get; }
    public ModelLimits Limits { get; }

    /// <summary>Declared input dims including the batch dim; null where symbolic.</summary>
    public IReadOnlyList<int?> InputDims => Graph.InputDims;
    public string InputName => Graph.InputName;
    public IReadOnlyList<string> OutputNames => Graph.OutputNames;
    public int Opset => Graph.Opset;
    public long ParameterCount => Graph.ParameterCount;

    /// <summary>The batch size baked into the file (exported without dynamic_axes), else null.</summary>
    public int? FixedBatch => Graph.InputDims[0];

    /// <summary>Per-image dims (without batch); null entries are symbolic.</summary>
    public IReadOnlyList<int?> ImageDims => Graph.InputDims[1..];

    /// <summary>Distinct operator types in the file, for reports.</summary>
    public IReadOnlyList<string> OperatorTypes { get; }

    /// <summary>Cost per image when the image shape is fixed by the file (checked at load), else null.</summary>
    public ModelCost? Cost { get; }

    private InferenceModel(ModelGraph graph, ModelLimits limits, IReadOnlyList<string> ops)
    {
        Graph = graph;
        Limits = limits;
        OperatorTypes = ops;
        if (ImageDims.All(d => d is not null))
            Cost = EstimateCost(ImageDims.Select(d => d!.Value).ToArray());
    }

    /// <summary>Parses and validates an ONNX model. Throws <see cref="ModelLoadException"/> with a
    /// student-readable message for anything unsupported, malformed or over the limits.</summary>
    public static InferenceModel Load(ReadOnlySpan<byte> bytes, ModelLimits? limits = null)
    {
        limits ??= ModelLimits.Default;
        return FromProto(OnnxGraphReader.Parse(bytes, limits), limits);
    }

    /// <summary>
    /// Loads a PyTorch state_dict (torch.save .pt/.pth, or .safetensors) into the network
    /// <paramref name="architecture"/> describes. The network is written as an ONNX graph with the
    /// tensors as initializers and goes through the same validation, passes and limits as an
    /// uploaded ONNX file. Key or shape mismatches are reported as load_state_dict does.
    /// </summary>
    public static InferenceModel LoadCheckpoint(byte[] bytes, CheckpointFormat format, ArchitectureSpec architecture, ModelLimits? limits = null)
    {
        limits ??= ModelLimits.Default;
        return FromStateDict(CheckpointReader.Read(bytes, format, limits), architecture, limits);
    }

    /// <summary>An already-read state_dict in <paramref name="architecture"/>.</summary>
    public static InferenceModel FromStateDict(StateDict stateDict, ArchitectureSpec architecture, ModelLimits? limits = null) =>
        FromProto(CheckpointModel.ToOnnx(stateDict, architecture), limits ?? ModelLimits.Default);

    /// <summary>
    /// The network <paramref name="architecture"/> describes, with zero weights, loaded as any model
    /// is (operators, limits, shapes): what a rubric's architecture gives before anyone uploads
    /// weights, so a mistake in it is found when staff check the rubric.
    /// </summary>
    public static InferenceModel CheckArchitecture(ArchitectureSpec architecture, ModelLimits? limits = null) =>
        FromProto(CheckpointModel.ToOnnx(null, architecture), limits ?? ModelLimits.Default);

    private static InferenceModel FromProto(Onnx.Proto.ModelProto proto, ModelLimits limits)
    {
        var graph = OnnxGraphReader.Read(proto, limits);
        var ops = graph.Nodes.Select(n => n.OpType).Distinct().Order(StringComparer.Ordinal).ToArray();
        GraphOptimizer.Run(graph);
        return new InferenceModel(graph, limits, ops);
    }

    /// <summary>Loads from a file, checking its size before reading it.</summary>
    public static InferenceModel LoadFile(string path, ModelLimits? limits = null)
    {
        limits ??= ModelLimits.Default;
        long size = new FileInfo(path).Length;
        if (size > limits.MaxFileBytes)
            throw new ModelLoadException($"the model file is {size:N0} bytes; the limit is {limits.MaxFileBytes:N0}");
        return Load(File.ReadAllBytes(path), limits);
    }

    /// <summary>
    /// Can this model take images of <paramref name="imageShape"/> (without batch)? Compares with
    /// the declared dims, then plans the whole graph for that shape so that mismatches deeper in
    /// (e.g. a Linear layer sized for another resolution) are reported too.
    /// </summary>
    public ShapeCheckResult CheckInputShape(ReadOnlySpan<int> imageShape)
    {
        string expected = string.Join("x", ImageDims.Select(d => d?.ToString() ?? "?"));
        string given = ShapeMath.Format(imageShape);
        bool declaredOk = imageShape.Length == ImageDims.Count;
        for (int i = 0; declaredOk && i < imageShape.Length; i++)
            declaredOk = ImageDims[i] is null || ImageDims[i] == imageShape[i];
        if (!declaredOk) return ShapeCheckResult.Fail($"model expects {expected}, data set gives {given}");
        try
        {
            var cost = EstimateScoresCost(imageShape);
            return ShapeCheckResult.Ok($"model accepts {given}; output per image {ShapeMath.Format(cost.OutputShape.ToArray())}");
        }
        catch (ModelLoadException e)
        {
            return ShapeCheckResult.Fail($"model declares {expected} but fails on {given}: {e.Message}");
        }
    }

    /// <summary>FLOPs and activation memory per image for <paramref name="imageShape"/>; throws
    /// <see cref="ModelLoadException"/> when over <see cref="Limits"/>.</summary>
    public ModelCost EstimateCost(ReadOnlySpan<int> imageShape) => Estimate(imageShape).Cost;

    /// <summary>As <see cref="EstimateCost"/>, and refuses a model whose output is not float32
    /// scores (one ending in ArgMax gives class indices): what a backend compiles and grades.</summary>
    internal ModelCost EstimateScoresCost(ReadOnlySpan<int> imageShape)
    {
        var (cost, output) = Estimate(imageShape);
        if (output.Type != ElementType.Float32)
            throw new ModelLoadException($"model output '{output.Name}' is {output.Type}, not float32 class scores");
        return cost;
    }

    private (ModelCost Cost, PlanValue Output) Estimate(ReadOnlySpan<int> imageShape)
    {
        int batch = FixedBatch ?? 1;
        var prepared = PreparedPlan.Create(Graph, [batch, .. imageShape]);
        var output = prepared.Plan.Outputs[0];
        var cost = new ModelCost(ParameterCount, prepared.Plan.Flops / batch,
            prepared.Memory.ArenaFloats * sizeof(float) / batch, output.Shape.Length > 0 ? output.Shape[1..] : []);
        CostGuard.Enforce(cost, Limits);
        return (cost, output);
    }

    /// <summary>Concrete image shape for compiling: the requested one or the declared one.</summary>
    internal int[] ResolveImageShape(int[]? requested)
    {
        if (requested is not null)
        {
            var check = CheckInputShape(requested);
            if (!check.IsCompatible) throw new ModelLoadException(check.Message);
            return requested;
        }
        if (ImageDims.Any(d => d is null))
            throw new ModelLoadException($"the model input has symbolic dims {string.Join("x", ImageDims.Select(d => d?.ToString() ?? "?"))}; pass CompileOptions.ImageShape");
        return ImageDims.Select(d => d!.Value).ToArray();
    }
}
