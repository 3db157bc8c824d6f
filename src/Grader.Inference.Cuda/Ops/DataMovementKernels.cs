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
        return new LaunchSequence(bind.Launch("grader_strided_copy", total)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Outputs[0])).Add(total).Add(op.SourceBase).Add(StridedCopyDims(op, step.NodeName)).Build());
    }

    /// <summary>grader_strided_copy's dims: the output shape and the source stride of each output dim.</summary>
    internal static Dims8Arg StridedCopyDims(StridedCopyKernelOp op, string node) =>
        Dims8Arg.Create(node, op.OutShape, op.SourceStrides.Select(s => (long)s).ToArray(), new long[op.OutShape.Length]);

    public static ICudaKernel Bind(ConcatKernelOp op, PlanStep step, CudaBindContext bind) =>
        new LaunchSequence(ConcatCopies(op).Select(c => c.Launch(bind, bind.Ptr(step.Inputs[c.Tensor]), bind.Ptr(step.Outputs[0]))).ToArray());

    public static ICudaKernel Bind(SplitKernelOp op, PlanStep step, CudaBindContext bind) =>
        new LaunchSequence(SplitCopies(op).Select(c => c.Launch(bind, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[c.Tensor]))).ToArray());

    /// <summary>One grader_copy_rows launch per Concat input (<see cref="RowCopy.Tensor"/>): its rows
    /// go to a column block of every output row.</summary>
    internal static RowCopy[] ConcatCopies(ConcatKernelOp op)
    {
        long row = op.Blocks.Sum(b => (long)b), offset = 0;
        var copies = new RowCopy[op.Blocks.Length];
        for (int i = 0; i < copies.Length; offset += op.Blocks[i], i++)
            copies[i] = new RowCopy(i, 0, offset, op.Outer, op.Blocks[i], op.Blocks[i], row);
        return copies;
    }

    /// <summary>One grader_copy_rows launch per Split output (<see cref="RowCopy.Tensor"/>).</summary>
    internal static RowCopy[] SplitCopies(SplitKernelOp op)
    {
        var (outer, dim, inner) = op.Dims;
        long offset = 0;
        var copies = new RowCopy[op.Sizes.Length];
        for (int o = 0; o < copies.Length; o++)
        {
            long cols = (long)op.Sizes[o] * inner;
            copies[o] = new RowCopy(o, offset, 0, outer, cols, (long)dim * inner, cols);
            offset += cols;
        }
        return copies;
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
        return new LaunchSequence(bind.Launch("grader_pad", total)
            .Ptr(bind.Ptr(step.Inputs[0])).Ptr(bind.Ptr(step.Outputs[0])).Add(total).Add(PadDims(op, step.NodeName)).Add(op.Value).Add((int)op.Mode).Build());
    }

    /// <summary>grader_pad's dims: output dims, input dims, leading pad per dim (negative crops).</summary>
    internal static Dims8Arg PadDims(PadKernelOp op, string node) =>
        Dims8Arg.Create(node, op.OutShape, op.InShape.Select(d => (long)d).ToArray(), op.Begin.Select(b => (long)b).ToArray());

    /// <summary>A rows × cols block copy; offsets and pitches in floats.</summary>
    internal readonly record struct RowCopy(int Tensor, long SrcOffset, long DstOffset, long Rows, long Cols, long SrcPitch, long DstPitch)
    {
        public KernelLaunch Launch(CudaBindContext bind, ulong src, ulong dst) =>
            bind.Launch("grader_copy_rows", Rows * Cols).Ptr(DevicePointer.Offset(src, SrcOffset)).Ptr(DevicePointer.Offset(dst, DstOffset))
                .Add(Rows).Add(Cols).Add(SrcPitch).Add(DstPitch).Build();
    }

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
