using Grader.Inference.Cpu;
using Grader.Inference.Cuda.Binding;
using Grader.Inference.Cuda.Runtime;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Ops;

/// <summary>Elementwise steps, and the epilogue that convolutions and GEMMs run after cuDNN or cuBLAS.</summary>
internal static class PointwiseKernels
{
    /// <summary>y = act(y + bias + residual) over <paramref name="total"/> values, or null when
    /// there is nothing to add or apply. The bias index is (i / biasInner) % bias.Length.</summary>
    public static KernelLaunch? Epilogue(CudaBindContext bind, ulong y, long total, float[]? bias, long biasInner, ulong residual, Activation act)
    {
        if (bias is null && residual == 0 && act.Kind == ActivationKind.None) return null;
        return bind.Launch("grader_epilogue", total)
            .Ptr(y).Ptr(bind.Upload(bias)).Add(bias?.Length ?? 1).Add(Math.Max(biasInner, 1L))
            .Ptr(residual).Add(total).Add(ActArg.From(act)).Build();
    }

    public static ICudaKernel Bind(BinaryKernelOp op, PlanStep step, CudaBindContext bind)
    {
        ulong a = bind.Ptr(step.Inputs[0]), b = bind.Ptr(step.Inputs[1]), y = bind.Ptr(step.Outputs[0]);
        long total = step.Outputs[0].Length;
        var act = ActArg.From(op.Activation);
        if (op.AShape.SequenceEqual(op.OutShape) && op.BShape.SequenceEqual(op.OutShape))
            return new LaunchSequence(bind.Launch("grader_binary_same", total).Ptr(a).Ptr(b).Ptr(y).Add(total).Add((int)op.Kind).Add(act).Build());
        return new LaunchSequence(bind.Launch("grader_binary", total).Ptr(a).Ptr(b).Ptr(y).Add(total).Add(BinaryDims(op, step.NodeName)).Add((int)op.Kind).Add(act).Build());
    }

    /// <summary>grader_binary's dims: the output shape and each operand's element stride per output
    /// dim, 0 where it is broadcast.</summary>
    internal static Dims8Arg BinaryDims(BinaryKernelOp op, string node)
    {
        int rank = op.OutShape.Length;
        return Dims8Arg.Create(node, op.OutShape,
            ShapeMath.BroadcastStrides(op.AShape, rank).Select(s => (long)s).ToArray(),
            ShapeMath.BroadcastStrides(op.BShape, rank).Select(s => (long)s).ToArray());
    }

    public static ICudaKernel Bind(UnaryKernelOp op, PlanStep step, CudaBindContext bind)
    {
        long total = step.Outputs[0].Length;
        return new LaunchSequence(bind.Launch("grader_unary", total)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Outputs[0])).Add(total).Add((int)op.Kind).Add(ActArg.From(op.Parsed))
            .Add(op.Parameters.Alpha).Add(op.Parameters.Beta).Build());
    }

    public static ICudaKernel Bind(WhereKernelOp op, PlanStep step, CudaBindContext bind)
    {
        long total = step.Outputs[0].Length;
        var (d, e) = WhereDims(op, step.NodeName);
        return new LaunchSequence(bind.Launch("grader_where", total)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Inputs[1])).Ptr(bind.Ptr(step.Inputs[2])).Ptr(bind.Ptr(step.Outputs[0]))
            .Add(total).Add(d).Add(e).Build());
    }

    /// <summary>grader_where's dims: the output shape with the condition's and X's strides, then Y's.</summary>
    internal static (Dims8Arg D, Dims8Arg E) WhereDims(WhereKernelOp op, string node)
    {
        int rank = op.OutShape.Length;
        long[] Strides(int[] shape) => ShapeMath.BroadcastStrides(shape, rank).Select(s => (long)s).ToArray();
        return (Dims8Arg.Create(node, op.OutShape, Strides(op.ConditionShape), Strides(op.XShape)),
            Dims8Arg.Create(node, op.OutShape, Strides(op.YShape), new long[rank]));
    }

    public static ICudaKernel Bind(ChannelAffineKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var (_, c, plane) = op.Dims;
        long total = step.Outputs[0].Length;
        return new LaunchSequence(bind.Launch("grader_channel_affine", total)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Outputs[0])).Ptr(bind.Upload(op.Scale)).Ptr(bind.Upload(op.Shift))
            .Add(c).Add((long)plane).Add(total).Build());
    }
}
