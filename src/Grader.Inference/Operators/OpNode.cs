using Grader.Inference.Graph;

namespace Grader.Inference.Operators;

/// <summary>Identity of a node as written in the file.</summary>
/// <remarks>Unnamed nodes get "OpType #index" so error messages can still point at them.</remarks>
internal sealed record NodeInfo(string Name, string OpType, string[] Inputs, string[] Outputs, int Opset);

/// <summary>
/// A graph node with its attributes parsed and validated once at load. Per concrete input shape,
/// <see cref="Resolve"/> computes output shapes and either folds the outputs to constants or emits
/// a <see cref="KernelOp"/> to run.
/// </summary>
internal abstract class OpNode(NodeInfo info)
{
    public NodeInfo Info { get; private set; } = info;
    public string Name => Info.Name;
    public string OpType => Info.OpType;
    public string[] Inputs => Info.Inputs;
    public string[] Outputs => Info.Outputs;
    public int Opset => Info.Opset;

    /// <summary>Rewrites input/output names (graph-level passes such as BatchNorm folding).</summary>
    public void Rewire(string[] inputs, string[] outputs) => Info = Info with { Inputs = inputs, Outputs = outputs };

    public abstract void Resolve(ResolveContext ctx);

    /// <summary>Number of outputs the engine can produce; extra outputs (e.g. Dropout's mask,
    /// BatchNormalization's training statistics) are refused if anything consumes them.</summary>
    public virtual int SupportedOutputs => 1;
}

/// <summary>A concrete kernel in a plan (shapes fixed). Creates its CPU implementation on binding;
/// the GPU backend (Grader.Inference.Cuda) maps each op type to its kernels in its own registry,
/// reading the op's parameters through its properties.</summary>
internal abstract class KernelOp
{
    /// <summary>Floating-point operations for the whole step (all images): used for cost limits.</summary>
    public virtual long Flops(PlanStep step) => step.Outputs.Sum(o => (long)o.Length);

    /// <summary>True when the output is the input's memory reinterpreted (Reshape, Flatten...).</summary>
    public virtual bool IsAlias => false;

    public abstract Cpu.ICpuKernel CreateCpuKernel(PlanStep step, Cpu.CpuBindContext bind);
}

/// <summary>Everything a node sees while being resolved for one concrete plan.</summary>
internal sealed class ResolveContext
{
    private readonly PlanValue?[] inputs;
    private readonly Func<string, int[], ElementType, TensorData?, PlanValue> newValue;
    internal PlanValue?[] Results { get; }
    /// <summary>The kernels this node became, in order (usually one; e.g. a reduction over
    /// scattered axes is a transpose then a reduction).</summary>
    internal List<PlanStep> Steps { get; } = [];
    private readonly OpNode node;
    private int intermediates;

    internal ResolveContext(OpNode node, PlanValue?[] inputs, Func<string, int[], ElementType, TensorData?, PlanValue> newValue)
    {
        this.node = node;
        this.inputs = inputs;
        this.newValue = newValue;
        Results = new PlanValue?[node.Outputs.Length];
    }

    public string Node => node.Name;
    public int Opset => node.Opset;
    public int InputCount => inputs.Length;

    public bool Has(int i) => i < inputs.Length && inputs[i] is not null;

    public PlanValue In(int i) =>
        Has(i) ? inputs[i]! : throw new ModelLoadException($"node {Node} ({node.OpType}) is missing required input #{i}");

    public int[] Shape(int i) => In(i).Shape;

    public TensorData? Const(int i) => Has(i) ? inputs[i]!.Constant : null;

    /// <summary>An input that must be known before running (weights, shape targets, Clip bounds).</summary>
    public TensorData RequireConst(int i, string what) =>
        Const(i) ?? throw new ModelLoadException(
            $"input '{what}' of node {Node} ({node.OpType}) must be a constant (an initializer or computable from shapes), but it depends on the image data");

    /// <summary>A float input the kernel reads at run time.</summary>
    public PlanValue RequireFloat(int i)
    {
        var v = In(i);
        if (v.Type != ElementType.Float32)
            throw new ModelLoadException($"node {Node} ({node.OpType}) expects a float32 input #{i}, got int64");
        return v;
    }

    /// <summary>The inputs that are present (optional ones may be left empty), in order.</summary>
    public PlanValue[] PresentInputs() => Enumerable.Range(0, inputs.Length).Where(Has).Select(In).ToArray();

    public bool AllConstant()
    {
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i] is { IsConstant: false }) return false;
        return true;
    }

    /// <summary>Cap on any tensor computed at plan time: folding must not let a hostile graph
    /// (Concat doubling, broadcast outer products, huge pads) allocate gigabytes before the limits apply.</summary>
    public const int MaxFoldedElements = 1 << 24;

    /// <summary>Call before allocating a folded output of <paramref name="shape"/>.</summary>
    public void CheckFoldSize(int[] shape)
    {
        long n = ShapeMath.Count(shape);
        if (n > MaxFoldedElements)
            throw new ModelLoadException($"node {Node} ({node.OpType}) would precompute a constant of {n:N0} elements, more than the {MaxFoldedElements:N0} allowed");
    }

    /// <summary>Output computed now: it becomes a constant of the plan.</summary>
    public void Fold(int output, TensorData value) =>
        Results[output] = newValue(node.Outputs[output], value.Shape, value.Type, value);

    /// <summary>Output computed at run time by <paramref name="op"/> reading <paramref name="runtimeInputs"/>.</summary>
    public void Emit(KernelOp op, PlanValue[] runtimeInputs, params int[][] outputShapes) =>
        EmitTyped(op, runtimeInputs, ElementType.Float32, outputShapes);

    /// <summary>As <see cref="Emit"/>, for outputs of <paramref name="type"/>. Runtime buffers are
    /// float32; integer and boolean results (ArgMax's indices, Equal's mask) are held there as
    /// exact float values, which covers every index a tensor within the limits can have.</summary>
    public void EmitTyped(KernelOp op, PlanValue[] runtimeInputs, ElementType type, params int[][] outputShapes)
    {
        if (outputShapes.Length > node.Outputs.Length)
            throw new InvalidOperationException("more outputs than the node declares");
        foreach (var s in outputShapes) ShapeMath.Count(s); // rejects overflowing shapes
        var outs = new PlanValue[outputShapes.Length];
        for (int i = 0; i < outs.Length; i++)
            Results[i] = outs[i] = newValue(node.Outputs[i], outputShapes[i], type, null);
        AddStep(op, runtimeInputs, outs);
    }

    /// <summary>A constant only this node uses (e.g. a partial result of a variadic Max).</summary>
    public PlanValue Constant(TensorData value) =>
        newValue($"{node.Outputs[0]}::{node.OpType}{intermediates++}", value.Shape, value.Type, value);

    /// <summary>A runtime value only this node uses, computed by a step of its own before the
    /// node's final step (e.g. the transposed input of a reduction over scattered axes).</summary>
    public PlanValue Intermediate(KernelOp op, PlanValue[] runtimeInputs, int[] shape, ElementType type = ElementType.Float32)
    {
        ShapeMath.Count(shape);
        var v = newValue($"{node.Outputs[0]}::{node.OpType}{intermediates++}", shape, type, null);
        AddStep(op, runtimeInputs, [v]);
        return v;
    }

    private void AddStep(KernelOp op, PlanValue[] inputs, PlanValue[] outs)
    {
        var step = new PlanStep { NodeName = node.Name, OpType = node.OpType, Op = op, Inputs = [.. inputs], Outputs = outs };
        foreach (var o in outs) o.Producer = step;
        Steps.Add(step);
    }
}
