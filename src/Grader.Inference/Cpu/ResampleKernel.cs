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
    private readonly int outer, inLen, outLen, inner, taps, tasks, workers;
    private readonly int[] index;
    private readonly float[] weight, offset;
    private readonly float* x, y;
    private readonly Action<int, int> task;

    public ResampleKernel(int outer, int inLen, int outLen, int inner, int taps, int[] index, float[] weight, float[] offset, float* x, float* y, int workers)
    {
        this.outer = outer; this.inLen = inLen; this.outLen = outLen; this.inner = inner; this.taps = taps;
        this.index = index; this.weight = weight; this.offset = offset; this.x = x; this.y = y; this.workers = workers;
        tasks = (long)outer * outLen * inner < 1 << 15 ? 1 : Math.Min(outer, workers * 4);
        task = Chunk;
    }

    public void Execute()
    {
        if (tasks <= 1) Chunk(0, 0);
        else CpuParallel.For(tasks, workers, task);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Chunk(int t, int _)
    {
        int begin = (int)((long)outer * t / tasks), end = (int)((long)outer * (t + 1) / tasks);
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
