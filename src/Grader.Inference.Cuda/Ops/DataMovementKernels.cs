using Grader.Inference.Cuda.Binding;
using Grader.Inference.Cuda.Runtime;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Ops;

internal static class DataMovementKernels
{
    public static ICudaKernel Bind(AliasKernelOp op, PlanStep step, CudaBindContext bind) =>
        new DeviceCopy(bind.Device, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[0]), step.Outputs[0].Length * sizeof(float));

    public static ICudaKernel Bind(StridedCopyKernelOp op, PlanStep step, CudaBindContext bind)
    {
        long total = step.Outputs[0].Length;
        var dims = Dims8Arg.Create(step.NodeName, op.OutShape, op.SourceStrides.Select(s => (long)s).ToArray(), new long[op.OutShape.Length]);
        return new LaunchSequence(bind.Launch("grader_strided_copy", total)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Outputs[0])).Add(total).Add(op.SourceBase).Add(dims).Build());
    }

    public static ICudaKernel Bind(ConcatKernelOp op, PlanStep step, CudaBindContext bind)
    {
        long row = op.Blocks.Sum(b => (long)b), offset = 0;
        ulong y = bind.Ptr(step.Outputs[0]);
        var launches = new KernelLaunch[op.Blocks.Length];
        for (int i = 0; i < launches.Length; offset += op.Blocks[i], i++)
            launches[i] = CopyRows(bind, bind.Ptr(step.Inputs[i]), y + (ulong)(offset * sizeof(float)), op.Outer, op.Blocks[i], op.Blocks[i], row);
        return new LaunchSequence(launches);
    }

    public static ICudaKernel Bind(SplitKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var (outer, dim, inner) = op.Dims;
        ulong x = bind.Ptr(step.Inputs[0]);
        long offset = 0;
        var launches = new KernelLaunch[op.Sizes.Length];
        for (int o = 0; o < launches.Length; o++)
        {
            long cols = (long)op.Sizes[o] * inner;
            launches[o] = CopyRows(bind, x + (ulong)(offset * sizeof(float)), bind.Ptr(step.Outputs[o]), outer, cols, (long)dim * inner, cols);
            offset += cols;
        }
        return new LaunchSequence(launches);
    }

    public static ICudaKernel Bind(GatherKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var (outer, dim, inner) = op.Dims;
        return new LaunchSequence(bind.Launch("grader_gather", step.Outputs[0].Length)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Outputs[0])).Ptr(bind.Upload(op.Indices))
            .Add((long)outer).Add((long)dim).Add((long)inner).Add((long)op.Indices.Length).Build());
    }

    public static ICudaKernel Bind(PadKernelOp op, PlanStep step, CudaBindContext bind)
    {
        long total = step.Outputs[0].Length;
        var dims = Dims8Arg.Create(step.NodeName, op.OutShape, op.InShape.Select(d => (long)d).ToArray(), op.Begin.Select(b => (long)b).ToArray());
        return new LaunchSequence(bind.Launch("grader_pad", total)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Outputs[0])).Add(total).Add(dims).Add(op.Value).Build());
    }

    private static KernelLaunch CopyRows(CudaBindContext bind, ulong src, ulong dst, long rows, long cols, long srcPitch, long dstPitch) =>
        bind.Launch("grader_copy_rows", rows * cols).Ptr(src).Ptr(dst).Add(rows).Add(cols).Add(srcPitch).Add(dstPitch).Build();

    /// <summary>The planner aliases Reshape-like outputs to their input; should it not, copy.</summary>
    private sealed class DeviceCopy(CudaDevice device, ulong src, ulong dst, long bytes) : ICudaKernel
    {
        public void Enqueue(IntPtr stream)
        {
            if (src != dst) device.Driver.CopyOnDevice(dst, src, bytes, stream);
        }

        public void Dispose() { }
    }
}
