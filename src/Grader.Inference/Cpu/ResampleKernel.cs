using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Grader.Inference.Cpu;

/// <summary>
/// One separable pass of a resize over [outer, inLen, inner]: each output row j along the axis is
/// offset[j] plus a weighted sum of a few input rows. With inner > 1 whole rows are combined with
/// vector ops; along the last axis (inner = 1) it is a small gather per output value. Outer slices
/// are split across workers.
/// </summary>
internal sealed unsafe class ResampleKernel : ICpuKernel
{
    private readonly int inLen, outLen, inner, taps;
    private readonly int[] index;
    private readonly float[] weight, offset;
    private readonly float* x, y;
    private readonly RowRanges ranges;

    public ResampleKernel(int outer, int inLen, int outLen, int inner, int taps, int[] index, float[] weight, float[] offset, float* x, float* y, int workers)
    {
        this.inLen = inLen; this.outLen = outLen; this.inner = inner; this.taps = taps;
        this.index = index; this.weight = weight; this.offset = offset; this.x = x; this.y = y;
        ranges = new RowRanges(outer, (long)outer * outLen * inner, workers, Slices);
    }

    public void Execute() => ranges.Run();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Slices(int begin, int end, int _)
    {
        for (int o = begin; o < end; o++)
        {
            float* src = x + (long)o * inLen * inner;
            float* dst = y + (long)o * outLen * inner;
            if (inner == 1)
            {
                for (int j = 0; j < outLen; j++)
                {
                    float v = offset[j];
                    for (int k = 0, b = j * taps; k < taps; k++) v += weight[b + k] * src[index[b + k]];
                    dst[j] = v;
                }
                continue;
            }
            for (int j = 0; j < outLen; j++)
            {
                var row = new Span<float>(dst + (long)j * inner, inner);
                row.Fill(offset[j]);
                for (int k = 0, b = j * taps; k < taps; k++)
                {
                    float w = weight[b + k];
                    if (w == 0) continue;
                    var from = new ReadOnlySpan<float>(src + (long)index[b + k] * inner, inner);
                    if (w == 1 && taps == 1) from.CopyTo(row);
                    else TensorPrimitives.MultiplyAdd(from, w, row, row);
                }
            }
        }
    }
}
