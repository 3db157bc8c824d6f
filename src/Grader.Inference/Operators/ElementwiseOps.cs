using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>Add, Sub, Mul, Div with numpy broadcasting, and PRelu (slope broadcast to X). Int64
/// operands only occur in shape arithmetic and are always folded.</summary>
internal sealed class BinaryNode(NodeInfo info) : OpNode(info)
{
    private BinaryKind Kind => OpType switch
    {
        "Add" => BinaryKind.Add, "Sub" => BinaryKind.Sub, "Mul" => BinaryKind.Mul, "Div" => BinaryKind.Div, _ => BinaryKind.PRelu,
    };

    public override void Resolve(ResolveContext ctx)
    {
        PlanValue a = ctx.In(0), b = ctx.In(1);
        if (a.Type != b.Type)
            throw new ModelLoadException($"node {Name}: {OpType} mixes {a.Type} and {b.Type} inputs");
        var outShape = ShapeMath.Broadcast(a.Shape, b.Shape, Name);
        if (Kind == BinaryKind.PRelu && !outShape.SequenceEqual(a.Shape))
            throw new ModelLoadException($"node {Name}: PRelu slope {ShapeMath.Format(b.Shape)} does not broadcast to X {ShapeMath.Format(a.Shape)}");
        if (a.Constant is { } ca && b.Constant is { } cb)
        {
            ctx.CheckFoldSize(outShape);
            ctx.Fold(0, Fold(ca, cb, outShape));
            return;
        }
        if (a.Type != ElementType.Float32)
            throw new ModelLoadException($"node {Name}: int64 arithmetic on values computed from the image is not supported");
        ctx.Emit(new BinaryKernelOp(Kind, a.Shape, b.Shape, outShape), [a, b], outShape);
    }

    private TensorData Fold(TensorData a, TensorData b, int[] outShape)
    {
        int len = ShapeMath.CountInt(outShape);
        if (a.Type == ElementType.Float32)
        {
            var dst = new float[len];
            Func<float, float, float> f = Kind switch
            {
                BinaryKind.Add => (x, y) => x + y,
                BinaryKind.Sub => (x, y) => x - y,
                BinaryKind.Mul => (x, y) => x * y,
                BinaryKind.Div => (x, y) => x / y,
                _ => (x, y) => x >= 0 ? x : x * y,
            };
            DataMovement.BroadcastBinary<float>(a.FloatData, a.Shape, b.FloatData, b.Shape, outShape, dst, f);
            return TensorData.FromFloats(outShape, dst);
        }
        var r = new long[len];
        Func<long, long, long> g = Kind switch
        {
            BinaryKind.Add => (x, y) => x + y,
            BinaryKind.Sub => (x, y) => x - y,
            BinaryKind.Mul => (x, y) => x * y,
            BinaryKind.Div => (x, y) => y == 0 ? throw new ModelLoadException($"node {Name}: integer division by zero") : x / y,
            _ => (x, y) => x >= 0 ? x : x * y,
        };
        DataMovement.BroadcastBinary<long>(a.LongData, a.Shape, b.LongData, b.Shape, outShape, r, g);
        return TensorData.FromLongs(outShape, r);
    }
}

internal sealed class BinaryKernelOp(BinaryKind kind, int[] aShape, int[] bShape, int[] outShape) : KernelOp, IFusableEpilogue
{
    public int[] AShape => aShape;
    public int[] BShape => bShape;
    public int[] OutShape => outShape;
    public BinaryKind Kind => kind;
    public bool IsSameShapeAdd => kind == BinaryKind.Add && aShape.SequenceEqual(outShape) && bShape.SequenceEqual(outShape);
    public Activation Activation { get; set; }
    public int ResidualInput { get; set; } = -1;
    public bool CanTakeResidual => false;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new BinaryKernel(kind, aShape, bShape, outShape, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Inputs[1]), bind.Ptr(step.Outputs[0]), Activation, bind.Workers);
}

/// <summary>Relu, LeakyRelu, Clip (ReLU6), Sigmoid, Tanh.</summary>
internal sealed class UnaryNode : OpNode
{
    private readonly UnaryKind kind;
    private readonly Activation fixedActivation;

    public UnaryNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        kind = info.OpType switch { "Sigmoid" => UnaryKind.Sigmoid, "Tanh" => UnaryKind.Tanh, _ => UnaryKind.Activation };
        fixedActivation = info.OpType switch
        {
            "Relu" => Activation.Relu,
            "LeakyRelu" => Activation.Leaky(a.Float("alpha", 0.01f)),
            // Before opset 11 Clip bounds are attributes; from 11 they are optional inputs.
            "Clip" when info.Opset < 11 => Activation.Clip(a.Float("min", float.MinValue), a.Float("max", float.MaxValue)),
            _ => Activation.None,
        };
    }

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.RequireFloat(0);
        var act = fixedActivation;
        if (OpType == "Clip" && Opset >= 11)
            act = Activation.Clip(
                ctx.Has(1) ? (float)ctx.RequireConst(1, "min").ScalarValue($"Clip min at node {Name}") : float.MinValue,
                ctx.Has(2) ? (float)ctx.RequireConst(2, "max").ScalarValue($"Clip max at node {Name}") : float.MaxValue);
        if (x.Constant is { } c)
        {
            Func<float, float> f = kind switch
            {
                UnaryKind.Sigmoid => v => 1f / (1f + MathF.Exp(-v)),
                UnaryKind.Tanh => MathF.Tanh,
                _ => act.Apply,
            };
            ctx.Fold(0, TensorData.FromFloats(c.Shape, c.FloatData.Select(f).ToArray()));
            return;
        }
        ctx.Emit(new UnaryKernelOp(kind, act), [x], x.Shape);
    }
}

internal sealed class UnaryKernelOp(UnaryKind kind, Activation act) : KernelOp, IActivationOp
{
    public UnaryKind Kind => kind;
    /// <summary>The activation as parsed (also for Sigmoid/Tanh, where it is None).</summary>
    public Activation Parsed => act;
    /// <summary>Only Relu/Clip/LeakyRelu can be fused; Sigmoid/Tanh report None.</summary>
    public Activation Activation => kind == UnaryKind.Activation ? act : Activation.None;
    public bool IsFusable => kind == UnaryKind.Activation;

    public override long Flops(PlanStep step) => step.Outputs[0].Length * (kind == UnaryKind.Activation ? 1L : 4L);

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new UnaryKernel(kind, act, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[0]), step.Outputs[0].Length, bind.Workers);
}

/// <summary>BatchNormalization in inference mode: y = (x - mean) / sqrt(var + eps) · scale + B.
/// Usually folded into the preceding Conv at load (see BatchNormFolding); this is the fallback.</summary>
internal sealed class BatchNormNode : OpNode
{
    public float Epsilon { get; }

    public BatchNormNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        Epsilon = a.Float("epsilon", 1e-5f);
        if (a.Int("training_mode", 0) != 0)
            throw new ModelLoadException($"node {info.Name}: BatchNormalization exported in training mode; export with model.eval()");
    }

    /// <summary>Per-channel (scale, shift) such that y = x·scale + shift.</summary>
    public (float[] Scale, float[] Shift) Affine(TensorData scale, TensorData bias, TensorData mean, TensorData var, int channels)
    {
        foreach (var (t, what) in new[] { (scale, "scale"), (bias, "B"), (mean, "mean"), (var, "var") })
            if (t.Type != ElementType.Float32 || t.Length != channels)
                throw new ModelLoadException($"node {Name}: BatchNormalization {what} must have {channels} floats, has shape {ShapeMath.Format(t.Shape)}");
        var s = new float[channels];
        var sh = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            // Computed in double: folding must not add error on top of the float32 kernels.
            double k = scale.FloatData[c] / Math.Sqrt((double)var.FloatData[c] + Epsilon);
            s[c] = (float)k;
            sh[c] = (float)(bias.FloatData[c] - mean.FloatData[c] * k);
        }
        return (s, sh);
    }

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.RequireFloat(0);
        if (x.Shape.Length < 2) throw new ModelLoadException($"node {Name}: input {ShapeMath.Format(x.Shape)} has no channel dim");
        int c = x.Shape[1];
        var (s, t) = Affine(ctx.RequireConst(1, "scale"), ctx.RequireConst(2, "B"), ctx.RequireConst(3, "mean"), ctx.RequireConst(4, "var"), c);
        ctx.Emit(new ChannelAffineKernelOp(x.Shape[0], c, ShapeMath.Product(x.Shape, 2, x.Shape.Length), s, t), [x], x.Shape);
    }
}

internal sealed class ChannelAffineKernelOp(int n, int c, int plane, float[] scale, float[] shift) : KernelOp
{
    public (int N, int C, int Plane) Dims => (n, c, plane);
    public float[] Scale => scale;
    public float[] Shift => shift;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new ChannelAffineKernel(n, c, plane, PinnedBuffer.CopyOf(scale)!, PinnedBuffer.CopyOf(shift)!, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[0]));
}
