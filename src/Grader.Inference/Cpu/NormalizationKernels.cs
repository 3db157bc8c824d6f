using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace Grader.Inference.Cpu;

/// <summary>Softmax / LogSoftmax over the middle axis of an [outer, len, inner] view, max-subtracted
/// for stability (logits of untrained student models can be large). Vector ops along contiguous
/// rows (inner = 1: attention scores, class logits) or across whole inner rows; outer slices are
/// split across workers.</summary>
internal sealed unsafe class SoftmaxKernel : ICpuKernel
{
    private readonly int len, inner;
    private readonly bool log;
    private readonly float* x, y;
    private readonly Scratch scratch;
    private readonly RowRanges ranges;

    public SoftmaxKernel(int outer, int len, int inner, bool log, float* x, float* y, CpuBindContext bind)
    {
        this.len = len; this.inner = inner; this.log = log; this.x = x; this.y = y;
        scratch = bind.Scratch;
        scratch.Request(inner == 1 ? len : 2L * inner);
        ranges = new RowRanges(outer, (long)outer * len * inner, bind.Workers, Slices, inlineWork: 1 << 14);
    }

    public void Execute() => ranges.Run();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Slices(int begin, int end, int worker)
    {
        float* tmp = scratch.For(worker);
        for (int o = begin; o < end; o++)
        {
            if (len == 0) continue;
            if (inner == 1) Row(new ReadOnlySpan<float>(x + (long)o * len, len), new Span<float>(y + (long)o * len, len), new Span<float>(tmp, len));
            else Columns(x + (long)o * len * inner, y + (long)o * len * inner, new Span<float>(tmp, inner), new Span<float>(tmp + inner, inner));
        }
    }

    private void Row(ReadOnlySpan<float> src, Span<float> dst, Span<float> tmp)
    {
        float max = TensorPrimitives.Max(src);
        TensorPrimitives.Subtract(src, max, dst);
        if (log)
        {
            TensorPrimitives.Exp(dst, tmp);
            TensorPrimitives.Subtract(dst, MathF.Log(TensorPrimitives.Sum(tmp)), dst);
        }
        else
        {
            TensorPrimitives.Exp(dst, dst);
            TensorPrimitives.Divide(dst, TensorPrimitives.Sum(dst), dst);
        }
    }

    /// <summary>Softmax down each column of a [len, inner] block, a whole row of columns at a time.</summary>
    private void Columns(float* src, float* dst, Span<float> max, Span<float> sum)
    {
        ReadOnlySpan<float> In(int j) => new(src + (long)j * inner, inner);
        Span<float> Out(int j) => new(dst + (long)j * inner, inner);
        In(0).CopyTo(max);
        for (int j = 1; j < len; j++) TensorPrimitives.Max(max, In(j), max);
        sum.Clear();
        for (int j = 0; j < len; j++)
        {
            TensorPrimitives.Subtract(In(j), max, Out(j));
            if (log)
            {
                // sum += exp(x - max), staged through the output row which is rewritten below.
                var shifted = Out(j);
                for (int i = 0; i < inner; i++) sum[i] += MathF.Exp(shifted[i]);
            }
            else
            {
                TensorPrimitives.Exp(Out(j), Out(j));
                TensorPrimitives.Add(sum, Out(j), sum);
            }
        }
        if (log)
        {
            TensorPrimitives.Log(sum, sum);
            for (int j = 0; j < len; j++) TensorPrimitives.Subtract(Out(j), sum, Out(j));
        }
        else
        {
            TensorPrimitives.Reciprocal(sum, sum);
            for (int j = 0; j < len; j++) TensorPrimitives.Multiply(Out(j), sum, Out(j));
        }
    }
}
