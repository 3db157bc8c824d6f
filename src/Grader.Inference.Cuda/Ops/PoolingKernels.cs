using Grader.Inference.Cuda.Binding;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Ops;

internal static class PoolingKernels
{
    public static ICudaKernel Bind(PoolKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var g = op.Geometry;
        return new LaunchSequence(bind.Launch("grader_pool", step.Outputs[0].Length)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Outputs[0])).Add(GeoArg.From(g, g.C, 1))
            .Add(op.IsMax ? 1 : 0).Add(op.CountIncludePad ? 1 : 0).Build());
    }

    public static ICudaKernel Bind(GlobalAveragePoolKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var (planes, size) = op.Dims;
        // One warp per plane.
        return new LaunchSequence(bind.Launch("grader_global_average", (long)planes * 32)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Outputs[0])).Add((long)planes).Add((long)size).Build());
    }
}
