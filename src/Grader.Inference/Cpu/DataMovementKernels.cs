using Grader.Inference.Graph;

namespace Grader.Inference.Cpu;

/// <summary>Float data-movement ops at run time, delegating to the generic <see cref="DataMovement"/>.
/// A strided copy (Transpose, Slice, Expand, Tile...) splits its first axis across workers.</summary>
internal sealed unsafe class StridedCopyKernel : ICpuKernel
{
    private readonly int srcLength, outLength;
    private readonly long srcBase;
    private readonly int[] srcStrides, outShape, dstStrides;
    private readonly float* x, y;
    private readonly RowRanges ranges;

    public StridedCopyKernel(int srcLength, long srcBase, int[] srcStrides, int[] outShape, float* x, float* y, int workers = 1)
    {
        this.srcLength = srcLength; this.srcBase = srcBase; this.srcStrides = srcStrides; this.outShape = outShape; this.x = x; this.y = y;
        dstStrides = ShapeMath.Strides(outShape);
        outLength = ShapeMath.CountInt(outShape);
        ranges = new RowRanges(outShape.Length == 0 ? 1 : outShape[0], outLength, outShape.Length == 0 ? 1 : workers, Copy);
    }

    public void Execute() => ranges.Run();

    private void Copy(int begin, int end, int _)
    {
        if (outShape.Length == 0 || begin == 0 && end == outShape[0])
        {
            DataMovement.StridedCopy(new ReadOnlySpan<float>(x, srcLength), srcBase, srcStrides, new Span<float>(y, outLength), 0, dstStrides, outShape);
            return;
        }
        int[] part = [end - begin, .. outShape[1..]];
        DataMovement.StridedCopy(new ReadOnlySpan<float>(x, srcLength), srcBase + (long)begin * srcStrides[0], srcStrides,
            new Span<float>(y, outLength), (long)begin * dstStrides[0], dstStrides, part);
    }
}

internal sealed unsafe class PadKernel(int[] shape, int[] begin, int[] outShape, float value, PadMode mode, float* x, float* y) : ICpuKernel
{
    public void Execute() => DataMovement.Pad(new ReadOnlySpan<float>(x, ShapeMath.CountInt(shape)), shape, begin, outShape, value,
        new Span<float>(y, ShapeMath.CountInt(outShape)), mode);
}

internal sealed unsafe class GatherKernel(int outer, int axisLen, int inner, int[] indices, float* x, float* y) : ICpuKernel
{
    public void Execute() => DataMovement.Gather(new ReadOnlySpan<float>(x, outer * axisLen * inner), outer, axisLen, inner, indices,
        new Span<float>(y, outer * indices.Length * inner));
}

/// <summary>Concat viewed as [outer, sum(len_i·inner)]: each input contributes one block per outer index.</summary>
internal sealed unsafe class ConcatKernel(int outer, int[] blockSizes, IntPtr[] inputs, float* y) : ICpuKernel
{
    public void Execute()
    {
        int rowSize = blockSizes.Sum();
        for (int o = 0; o < outer; o++)
        {
            float* dst = y + (long)o * rowSize;
            for (int i = 0; i < inputs.Length; i++)
            {
                int bs = blockSizes[i];
                Buffer.MemoryCopy((float*)inputs[i] + (long)o * bs, dst, bs * sizeof(float), bs * sizeof(float));
                dst += bs;
            }
        }
    }
}

/// <summary>Copy for aliasing ops whose output could not share the input's buffer.</summary>
internal sealed unsafe class CopyKernel(int length, float* x, float* y) : ICpuKernel
{
    public void Execute()
    {
        if (x != y) Buffer.MemoryCopy(x, y, (long)length * sizeof(float), (long)length * sizeof(float));
    }
}

/// <summary>Split viewed as [outer, dim·inner]: each output takes its block of every outer row.</summary>
internal sealed unsafe class SplitKernel(int outer, int dim, int inner, int[] sizes, float* x, IntPtr[] outputs) : ICpuKernel
{
    public void Execute()
    {
        for (int o = 0; o < outer; o++)
        {
            float* src = x + (long)o * dim * inner;
            for (int i = 0; i < outputs.Length; i++)
            {
                long block = (long)sizes[i] * inner;
                Buffer.MemoryCopy(src, (float*)outputs[i] + o * block, block * sizeof(float), block * sizeof(float));
                src += block;
            }
        }
    }
}
