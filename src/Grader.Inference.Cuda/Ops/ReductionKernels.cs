using Grader.Inference.Cuda.Binding;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Ops;

internal static class ReductionKernels
{
    public static ICudaKernel Bind(SoftmaxKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var (outer, len, inner) = op.Dims;
        return new LaunchSequence(bind.Launch("grader_softmax", (long)outer * inner)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Outputs[0])).Add((long)outer).Add((long)len).Add((long)inner)
            .Add(op.IsLog ? 1 : 0).Build());
    }

    public static ICudaKernel Bind(ReduceKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var (outer, len, inner) = op.Dims;
        return new LaunchSequence(bind.Launch("grader_reduce", (long)outer * inner)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Outputs[0])).Add((long)outer).Add((long)len).Add((long)inner).Add((int)op.Kind).Build());
    }

    public static ICudaKernel Bind(ArgKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var (outer, len, inner) = op.Dims;
        return new LaunchSequence(bind.Launch("grader_arg", (long)outer * inner)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Outputs[0])).Add((long)outer).Add((long)len).Add((long)inner)
            .Add(op.IsMax ? 1 : 0).Add(op.SelectLast ? 1 : 0).Build());
    }

    public static ICudaKernel Bind(NormalizeKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var (rows, len) = op.Dims;
        return new LaunchSequence(bind.Launch("grader_normalize", rows)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Outputs[0])).Ptr(bind.Upload(op.Scale)).Ptr(bind.Upload(op.Bias))
            .Add((long)rows).Add((long)len).Add((long)op.ScaleInner).Add((long)op.ScaleLength).Add(op.Epsilon)
            .Ptr(op.Statistics > 0 ? bind.Ptr(step.Outputs[1]) : 0).Ptr(op.Statistics > 1 ? bind.Ptr(step.Outputs[2]) : 0).Build());
    }
}
