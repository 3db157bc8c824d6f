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

    public static ICudaKernel Bind(MeanKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var (outer, len, inner) = op.Dims;
        return new LaunchSequence(bind.Launch("grader_mean", (long)outer * inner)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Outputs[0])).Add((long)outer).Add((long)len).Add((long)inner).Build());
    }
}
