using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Grader.Inference.Cpu;

/// <summary>
/// Normalises each row of <c>len</c> values: y = (x − mean)/√(var + ε)·scale[k] + bias[k], with
/// k = (flat index / scaleInner) mod scaleLen (the feature for LayerNorm, the channel for Instance
/// and Group norm). Two passes over the row for the variance (no cancellation as in E[x²] − mean²);
/// rows are split across workers. Optionally writes each row's mean and 1/σ.
/// </summary>
internal sealed unsafe class NormalizeKernel : ICpuKernel
{
    private readonly int len, scaleInner, scaleLen;
    private readonly float epsilon;
    private readonly float* scale, bias, x, y, mean, invStd;
    private readonly RowRanges ranges;

    public NormalizeKernel(int rows, int len, float epsilon, float* scale, float* bias, int scaleInner, int scaleLen,
        float* x, float* y, float* mean, float* invStd, int workers)
    {
        this.len = len; this.epsilon = epsilon; this.scale = scale; this.bias = bias;
        this.scaleInner = scaleInner; this.scaleLen = scaleLen; this.x = x; this.y = y; this.mean = mean; this.invStd = invStd;
        ranges = new RowRanges(rows, (long)rows * len, workers, Rows);
    }

    public void Execute() => ranges.Run();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rows(int begin, int end, int _)
    {
        for (int r = begin; r < end; r++)
        {
            var src = new ReadOnlySpan<float>(x + (long)r * len, len);
            var dst = new Span<float>(y + (long)r * len, len);
            float m = len == 0 ? 0 : TensorPrimitives.Sum(src) / len;
            TensorPrimitives.Subtract(src, m, dst);
            float inv = 1f / MathF.Sqrt((len == 0 ? 0 : TensorPrimitives.SumOfSquares(dst) / len) + epsilon);
            if (mean != null) mean[r] = m;
            if (invStd != null) invStd[r] = inv;
            if (scaleInner == 1)
            {
                // LayerNorm: the scale and bias run along the row.
                TensorPrimitives.Multiply(dst, inv, dst);
                TensorPrimitives.MultiplyAdd(dst, new ReadOnlySpan<float>(scale, len), new ReadOnlySpan<float>(bias, len), dst);
                continue;
            }
            long first = (long)r * len;
            for (int s = 0; s < len; s += scaleInner)
            {
                int k = (int)((first + s) / scaleInner % scaleLen);
                var seg = dst.Slice(s, Math.Min(scaleInner, len - s));
                TensorPrimitives.Multiply(seg, inv * scale[k], seg);
                TensorPrimitives.Add(seg, bias[k], seg);
            }
        }
    }
}
