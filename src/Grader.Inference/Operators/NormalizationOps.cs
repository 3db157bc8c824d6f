using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>
/// LayerNormalization, InstanceNormalization and GroupNormalization: each normalises rows of the
/// input (the trailing axes from <c>axis</c>; one image's channel; one image's group of channels)
/// to zero mean and unit variance, then applies a constant scale and bias. They share one kernel:
/// rows of <c>len</c> values whose scale/bias index is (flat index / scaleInner) mod scaleLen.
/// </summary>
internal sealed class NormalizationNode : OpNode
{
    private readonly float epsilon;
    private readonly long axis;
    private readonly int groups;

    public NormalizationNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        epsilon = a.Float("epsilon", 1e-5f);
        axis = a.Int("axis", -1);
        groups = (int)Math.Clamp(a.Int("num_groups", 0), 0, int.MaxValue);
        if (info.OpType == "GroupNormalization" && groups <= 0)
            throw new ModelLoadException($"node {info.Name}: GroupNormalization needs a positive num_groups");
        if (info.OpType == "LayerNormalization" && a.Int("stash_type", 1) != 1)
            throw new ModelLoadException($"node {info.Name}: LayerNormalization stash_type other than float32 is not supported");
    }

    /// <summary>LayerNormalization may also give the rows' mean and inverse standard deviation.</summary>
    public override int SupportedOutputs => OpType == "LayerNormalization" ? 3 : 1;

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.RequireFloat(0);
        var s = x.Shape;
        var scale = ctx.RequireConst(1, "scale");
        TensorData? bias = ctx.Has(2) ? ctx.RequireConst(2, "bias") : null;
        int rows, len, scaleInner, scaleLen;
        float[] sc, bi;
        int[] statsShape;
        if (OpType == "LayerNormalization")
        {
            int ax = ShapeMath.Axis(axis, s.Length, Name);
            rows = ShapeMath.Product(s, 0, ax);
            len = ShapeMath.Product(s, ax, s.Length);
            var normalized = s[ax..];
            sc = Expand(scale, normalized, "scale");
            bi = bias is null ? new float[len] : Expand(bias, normalized, "bias");
            (scaleInner, scaleLen) = (1, len);
            statsShape = s.Select((d, i) => i < ax ? d : 1).ToArray();
        }
        else
        {
            if (s.Length < 3) throw new ModelLoadException($"node {Name}: {OpType} needs an N x C x ... input, got {ShapeMath.Format(s)}");
            int c = s[1], spatial = ShapeMath.Product(s, 2, s.Length);
            int g = OpType == "GroupNormalization" ? groups : c;
            if (c % g != 0) throw new ModelLoadException($"node {Name}: {c} channels do not split into {g} groups");
            rows = s[0] * g;
            len = c / g * spatial;
            // GroupNormalization's scale is per group before opset 21, per channel from 21.
            bool perGroup = OpType == "GroupNormalization" && Opset < 21;
            sc = PerChannel(scale, perGroup ? g : c, c, "scale");
            bi = bias is null ? new float[c] : PerChannel(bias, perGroup ? g : c, c, "bias");
            (scaleInner, scaleLen) = (spatial, c);
            statsShape = [];
        }
        var op = new NormalizeKernelOp(rows, len, epsilon, sc, bi, scaleInner, scaleLen);
        // Y, then (LayerNormalization only) the mean and 1/σ when the node names them.
        int outputs = Math.Min(Outputs.Length, SupportedOutputs);
        op.Statistics = outputs - 1;
        ctx.Emit(op, [x], [s, .. Enumerable.Repeat(statsShape, outputs - 1)]);
    }

    private float[] Expand(TensorData t, int[] normalized, string what)
    {
        if (t.Type != ElementType.Float32) throw new ModelLoadException($"node {Name}: {what} must be float32");
        if (!ShapeMath.Broadcast(t.Shape, normalized, Name).SequenceEqual(normalized))
            throw new ModelLoadException($"node {Name}: {what} of shape {ShapeMath.Format(t.Shape)} does not broadcast to {ShapeMath.Format(normalized)}");
        if (t.Length == ShapeMath.Count(normalized)) return t.FloatData;
        var r = new float[ShapeMath.CountInt(normalized)];
        DataMovement.StridedCopy<float>(t.FloatData, 0, ShapeMath.BroadcastStrides(t.Shape, normalized.Length), r, 0, ShapeMath.Strides(normalized), normalized);
        return r;
    }

    private float[] PerChannel(TensorData t, int expected, int channels, string what)
    {
        if (t.Type != ElementType.Float32 || t.Length != expected)
            throw new ModelLoadException($"node {Name}: {OpType} {what} must hold {expected} floats, has shape {ShapeMath.Format(t.Shape)}");
        return expected == channels ? t.FloatData : Enumerable.Range(0, channels).Select(ch => t.FloatData[ch / (channels / expected)]).ToArray();
    }
}

internal sealed class NormalizeKernelOp(int rows, int len, float epsilon, float[] scale, float[] bias, int scaleInner, int scaleLen) : KernelOp
{
    public (int Rows, int Length) Dims => (rows, len);
    public float Epsilon => epsilon;
    public float[] Scale => scale;
    public float[] Bias => bias;
    /// <summary>Scale and bias index of flat element e: (e / ScaleInner) % ScaleLength.</summary>
    public int ScaleInner => scaleInner;
    public int ScaleLength => scaleLen;
    /// <summary>How many of the per-row statistics (mean, then 1/σ) are written as outputs 1 and 2.</summary>
    public int Statistics { get; set; }

    public override long Flops(PlanStep step) => 6L * rows * len;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind)
    {
        var sc = PinnedBuffer.CopyOf(scale)!;
        var bi = PinnedBuffer.CopyOf(bias)!;
        return new KeepAlive(new NormalizeKernel(rows, len, epsilon, sc.Ptr, bi.Ptr, scaleInner, scaleLen, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[0]),
            Statistics > 0 ? bind.Ptr(step.Outputs[1]) : null, Statistics > 1 ? bind.Ptr(step.Outputs[2]) : null, bind.Workers), sc, bi);
    }
}
