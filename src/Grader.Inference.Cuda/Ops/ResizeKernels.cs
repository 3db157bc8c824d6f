using Grader.Inference.Cuda.Binding;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Ops;

/// <summary>Resize and Upsample: one grader_resample launch per resized axis (each is its own step).</summary>
internal static class ResizeKernels
{
    public static ICudaKernel Bind(ResampleKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var (outer, inLen, outLen, inner) = op.Dims;
        return new LaunchSequence(bind.Launch("grader_resample", step.Outputs[0].Length)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Outputs[0])).Ptr(bind.Upload(op.Index)).Ptr(bind.Upload(op.Weight)).Ptr(bind.Upload(op.Offset))
            .Add((long)outer).Add((long)inLen).Add((long)outLen).Add((long)inner).Add(op.Taps).Build());
    }
}
