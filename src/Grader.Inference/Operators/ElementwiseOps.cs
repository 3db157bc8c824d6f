using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>
/// Two-operand pointwise ops with numpy broadcasting: arithmetic, PRelu (slope broadcast to X),
/// Pow, comparisons and logical ops (results 1/0, typed bool), and the variadic Max, Min, Sum and
/// Mean (folded pairwise). Integer operands are folded exactly; at run time integers live in float
/// buffers, so only the ops that are exact there (comparisons, logic, Max/Min) take them.
/// </summary>
internal sealed class BinaryNode(NodeInfo info, NodeAttributes attributes) : OpNode(info)
{
    /// <summary>Mod's remainder takes the dividend's sign with fmod=1 (C), the divisor's with 0 (Python).</summary>
    private readonly bool fmod = attributes.Int("fmod", 0) != 0;

    private BinaryKind Kind => OpType switch
    {
        "Add" or "Sum" or "Mean" => BinaryKind.Add, "Sub" => BinaryKind.Sub, "Mul" => BinaryKind.Mul, "Div" => BinaryKind.Div,
        "PRelu" => BinaryKind.PRelu, "Pow" => BinaryKind.Pow, "Equal" => BinaryKind.Equal, "Greater" => BinaryKind.Greater,
        "Less" => BinaryKind.Less, "GreaterOrEqual" => BinaryKind.GreaterOrEqual, "LessOrEqual" => BinaryKind.LessOrEqual,
        "Max" => BinaryKind.Max, "Min" => BinaryKind.Min, "And" => BinaryKind.And, "Or" => BinaryKind.Or, "Xor" => BinaryKind.Xor,
        _ => fmod ? BinaryKind.Mod : BinaryKind.FloorMod,
    };

    private static bool IsPredicate(BinaryKind k) => k is >= BinaryKind.Equal and <= BinaryKind.LessOrEqual or >= BinaryKind.And and <= BinaryKind.Xor;

    public override void Resolve(ResolveContext ctx)
    {
        var ins = ctx.PresentInputs();
        if (ins.Length == 0 || ins.Length == 1 && OpType is not ("Max" or "Min" or "Sum" or "Mean"))
            throw new ModelLoadException($"node {Name}: {OpType} needs {(ins.Length == 0 ? "inputs" : "two inputs")}");
        if (ins.Length == 1)
        {
            if (ins[0].Constant is { } only) ctx.Fold(0, only);
            else ctx.Emit(new AliasKernelOp(), [ins[0]], ins[0].Shape);
            return;
        }
        var acc = ins[0];
        for (int i = 1; i < ins.Length; i++)
            acc = Combine(ctx, Kind, acc, ins[i], final: i == ins.Length - 1 && OpType != "Mean");
        if (OpType == "Mean")
        {
            var n = acc.Type == ElementType.Float32 ? TensorData.Scalar(ins.Length) : TensorData.FromLongs([], [ins.Length]);
            Combine(ctx, BinaryKind.Div, acc, ctx.Constant(n), final: true);
        }
    }

    /// <summary>One pairwise step: folded when both are constants, else a kernel. The last step
    /// writes the node's output; earlier ones make intermediates.</summary>
    private PlanValue Combine(ResolveContext ctx, BinaryKind kind, PlanValue a, PlanValue b, bool final)
    {
        var outShape = ShapeMath.Broadcast(a.Shape, b.Shape, Name);
        // Pow alone mixes types; the result has the base's type. Runtime buffers hold integers as
        // floats, so a mixed Pow computes in float, and an integer base's result is truncated.
        if (kind == BinaryKind.Pow && a.Type != b.Type && !(a.IsConstant && b.IsConstant))
        {
            if (a.Type == ElementType.Float32) b = AsFloat(ctx, b);
            else
            {
                var power = ctx.Intermediate(new BinaryKernelOp(BinaryKind.Pow, a.Shape, b.Shape, outShape), [AsFloat(ctx, a), b], outShape);
                var truncate = new UnaryKernelOp(UnaryKind.Truncate, Activation.None);
                if (!final) return ctx.Intermediate(truncate, [power], outShape, ElementType.Int64);
                ctx.EmitTyped(truncate, [power], ElementType.Int64, outShape);
                return ctx.Results[0]!;
            }
        }
        if (a.Type != b.Type && kind != BinaryKind.Pow)
            throw new ModelLoadException($"node {Name}: {OpType} mixes {a.Type} and {b.Type} inputs");
        if (kind == BinaryKind.PRelu && !outShape.SequenceEqual(a.Shape))
            throw new ModelLoadException($"node {Name}: PRelu slope {ShapeMath.Format(b.Shape)} does not broadcast to X {ShapeMath.Format(a.Shape)}");
        var outType = IsPredicate(kind) ? ElementType.Int64 : a.Type;
        if (a.Constant is { } ca && b.Constant is { } cb)
        {
            ctx.CheckFoldSize(outShape);
            var folded = Fold(kind, ca, cb, outShape);
            if (!final) return ctx.Constant(folded);
            ctx.Fold(0, folded);
            return ctx.Results[0]!;
        }
        if (a.Type != ElementType.Float32 && kind is < BinaryKind.Equal)
            throw new ModelLoadException($"node {Name}: int64 arithmetic on values computed from the image is not supported");
        if (kind == BinaryKind.Pow && b.Constant is { Length: 1 } e && a.Type == ElementType.Float32 && outShape.SequenceEqual(a.Shape))
        {
            // x² (LayerNorm's variance at opset 13 and 14) as a product: exact, and vectorised.
            if (e.RuntimeFloats(b.Name)[0] == 2f) (kind, b) = (BinaryKind.Mul, a);
        }
        var op = new BinaryKernelOp(kind, a.Shape, b.Shape, outShape);
        if (!final) return ctx.Intermediate(op, [a, b], outShape, outType);
        ctx.EmitTyped(op, [a, b], outType, outShape);
        return ctx.Results[0]!;
    }

    /// <summary>An integer constant as float32 (a computed integer is a float at run time already).</summary>
    private static PlanValue AsFloat(ResolveContext ctx, PlanValue v) =>
        v.Constant is { Type: ElementType.Int64 } c ? ctx.Constant(TensorData.FromFloats(c.Shape, c.RuntimeFloats(v.Name))) : v;

    private TensorData Fold(BinaryKind kind, TensorData a, TensorData b, int[] outShape)
    {
        int len = ShapeMath.CountInt(outShape);
        if (a.Type == ElementType.Float32)
        {
            var dst = new float[len];
            var bf = b.RuntimeFloats("exponent");
            Func<float, float, float> f = kind switch
            {
                BinaryKind.Add => AddOp.Apply, BinaryKind.Sub => SubOp.Apply, BinaryKind.Mul => MulOp.Apply, BinaryKind.Div => DivOp.Apply,
                BinaryKind.PRelu => PReluOp.Apply, BinaryKind.Pow => PowOp.Apply, BinaryKind.Equal => EqualOp.Apply,
                BinaryKind.Greater => GreaterOp.Apply, BinaryKind.Less => LessOp.Apply, BinaryKind.GreaterOrEqual => GreaterOrEqualOp.Apply,
                BinaryKind.LessOrEqual => LessOrEqualOp.Apply, BinaryKind.Max => MaxOp.Apply, BinaryKind.Min => MinOp.Apply,
                BinaryKind.And => AndOp.Apply, BinaryKind.Or => OrOp.Apply, BinaryKind.Xor => XorOp.Apply,
                BinaryKind.Mod => ModOp.Apply, _ => FloorModOp.Apply,
            };
            DataMovement.BroadcastBinary<float>(a.FloatData, a.Shape, bf, b.Shape, outShape, dst, f);
            return IsPredicate(kind) ? TensorData.FromLongs(outShape, dst.Select(v => (long)v).ToArray()) : TensorData.FromFloats(outShape, dst);
        }
        var r = new long[len];
        var bl = b.Type == ElementType.Int64 ? b.LongData : b.FloatData.Select(v => (long)v).ToArray();
        if (kind is BinaryKind.Mod or BinaryKind.FloorMod && bl.Contains(0)) throw new ModelLoadException($"node {Name}: integer Mod by zero");
        Func<long, long, long> g = kind switch
        {
            BinaryKind.Add => (x, y) => x + y,
            BinaryKind.Sub => (x, y) => x - y,
            BinaryKind.Mul => (x, y) => x * y,
            BinaryKind.Div => (x, y) => y == 0 ? throw new ModelLoadException($"node {Name}: integer division by zero") : x / y,
            BinaryKind.PRelu => (x, y) => x >= 0 ? x : x * y,
            BinaryKind.Pow => (x, y) => (long)Math.Pow(x, y),
            BinaryKind.Equal => (x, y) => x == y ? 1 : 0,
            BinaryKind.Greater => (x, y) => x > y ? 1 : 0,
            BinaryKind.Less => (x, y) => x < y ? 1 : 0,
            BinaryKind.GreaterOrEqual => (x, y) => x >= y ? 1 : 0,
            BinaryKind.LessOrEqual => (x, y) => x <= y ? 1 : 0,
            BinaryKind.Max => Math.Max,
            BinaryKind.Min => Math.Min,
            BinaryKind.And => (x, y) => x != 0 && y != 0 ? 1 : 0,
            BinaryKind.Or => (x, y) => x != 0 || y != 0 ? 1 : 0,
            BinaryKind.Xor => (x, y) => (x != 0) != (y != 0) ? 1 : 0,
            BinaryKind.Mod => (x, y) => x % y,
            _ => (x, y) => x % y != 0 && (x % y < 0) != (y < 0) ? x % y + y : x % y,
        };
        DataMovement.BroadcastBinary<long>(a.LongData, a.Shape, bl, b.Shape, outShape, r, g);
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

/// <summary>One-operand pointwise ops: the activations that fuse into a producer (Relu,
/// LeakyRelu, Clip), and the functions of <see cref="UnaryKind"/> (Sigmoid, Tanh, Exp, Erf, Gelu,
/// Elu, HardSwish, Mish, Not...).</summary>
internal sealed class UnaryNode : OpNode
{
    private readonly UnaryKind kind;
    private readonly Activation fixedActivation;
    private readonly float alpha, beta;

    public UnaryNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        kind = info.OpType switch
        {
            "Relu" or "LeakyRelu" or "Clip" => UnaryKind.Activation,
            "Gelu" => a.String("approximate", "none") switch
            {
                "none" => UnaryKind.Gelu,
                "tanh" => UnaryKind.GeluTanh,
                var other => throw new ModelLoadException($"node {info.Name}: Gelu approximate '{other}' is not defined (none or tanh)"),
            },
            _ => Enum.Parse<UnaryKind>(info.OpType),
        };
        fixedActivation = info.OpType switch
        {
            "Relu" => Activation.Relu,
            "LeakyRelu" => Activation.Leaky(a.Float("alpha", 0.01f)),
            // Before opset 11 Clip bounds are attributes; from 11 they are optional inputs.
            "Clip" when info.Opset < 11 => Activation.Clip(a.Float("min", float.MinValue), a.Float("max", float.MaxValue)),
            _ => Activation.None,
        };
        (alpha, beta) = kind switch
        {
            UnaryKind.Elu => (a.Float("alpha", 1f), 0f),
            UnaryKind.Selu => (a.Float("alpha", 1.67326319217681884765625f), a.Float("gamma", 1.05070102214813232421875f)),
            UnaryKind.HardSigmoid => (a.Float("alpha", 0.2f), a.Float("beta", 0.5f)),
            _ => (0f, 0f),
        };
    }

    /// <summary>The ONNX op types this node implements.</summary>
    public static readonly string[] OpTypes =
    [
        "Relu", "LeakyRelu", "Clip", "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Reciprocal", "Neg", "Abs", "Erf", "Gelu",
        "Elu", "Selu", "HardSigmoid", "HardSwish", "Softplus", "Mish", "Floor", "Ceil", "Not", "Softsign",
    ];

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.In(0);
        // Integers: Not at run time (booleans); Neg, Abs and the activations (Clip of int8...) folded.
        if (x.Type != ElementType.Float32 && kind != UnaryKind.Not && !(x.IsConstant && kind is UnaryKind.Neg or UnaryKind.Abs or UnaryKind.Activation))
            throw new ModelLoadException($"node {Name} ({OpType}) expects a float32 input, got {x.Type}");
        var act = fixedActivation;
        if (OpType == "Clip" && Opset >= 11)
            act = Activation.Clip(
                ctx.Has(1) ? (float)ctx.RequireConst(1, "min").ScalarValue($"Clip min at node {Name}") : float.MinValue,
                ctx.Has(2) ? (float)ctx.RequireConst(2, "max").ScalarValue($"Clip max at node {Name}") : float.MaxValue);
        if (x.Constant is { } c)
        {
            if (c.Type == ElementType.Int64)
            {
                Func<long, long> g = kind switch
                {
                    UnaryKind.Neg => v => -v,
                    UnaryKind.Abs => Math.Abs,
                    UnaryKind.Not => v => v == 0 ? 1 : 0,
                    _ => v => (long)Math.Clamp(act.Apply(v), long.MinValue, long.MaxValue),
                };
                ctx.Fold(0, TensorData.FromLongs(c.Shape, c.LongData.Select(g).ToArray()));
                return;
            }
            var folded = new float[c.Length];
            if (kind == UnaryKind.Activation) for (int i = 0; i < folded.Length; i++) folded[i] = act.Apply(c.FloatData[i]);
            else UnaryMath.Apply(kind, c.FloatData, folded, alpha, beta);
            ctx.Fold(0, TensorData.FromFloats(c.Shape, folded));
            return;
        }
        ctx.EmitTyped(new UnaryKernelOp(kind, act, alpha, beta), [x], x.Type, x.Shape);
    }
}

internal sealed class UnaryKernelOp(UnaryKind kind, Activation act, float alpha = 0, float beta = 0) : KernelOp, IActivationOp
{
    public UnaryKind Kind => kind;
    /// <summary>The activation as parsed (None for the functions of <see cref="UnaryKind"/>).</summary>
    public Activation Parsed => act;
    /// <summary>Parameters of Elu, Selu (alpha, gamma) and HardSigmoid.</summary>
    public (float Alpha, float Beta) Parameters => (alpha, beta);
    /// <summary>Only Relu/Clip/LeakyRelu can be fused; the other functions report None.</summary>
    public Activation Activation => kind == UnaryKind.Activation ? act : Activation.None;
    public bool IsFusable => kind == UnaryKind.Activation;

    public override long Flops(PlanStep step) => step.Outputs[0].Length * (kind == UnaryKind.Activation ? 1L : 4L);

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new UnaryKernel(kind, act, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[0]), step.Outputs[0].Length, bind.Workers, alpha, beta);
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
