using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Grader.Inference.Graph;

namespace Grader.Inference.Cpu;

/// <summary>y = c ? a : b with broadcasting. The last dim is the inner run: each operand is read
/// along it with stride 1 or 0 (broadcast), so a per-row mask or a scalar branch stays a plain loop.</summary>
internal sealed unsafe class WhereKernel : ICpuKernel
{
    private readonly float* c, a, b, y;
    private readonly int[] outShape, cs, xs, ys;
    private readonly int inner, rows;

    public WhereKernel(int[] cShape, int[] xShape, int[] yShape, int[] outShape, float* c, float* a, float* b, float* y)
    {
        this.c = c; this.a = a; this.b = b; this.y = y; this.outShape = outShape;
        int rank = outShape.Length;
        cs = ShapeMath.BroadcastStrides(cShape, rank);
        xs = ShapeMath.BroadcastStrides(xShape, rank);
        ys = ShapeMath.BroadcastStrides(yShape, rank);
        inner = rank == 0 ? 1 : outShape[^1];
        rows = rank == 0 ? 1 : ShapeMath.Product(outShape, 0, rank - 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute()
    {
        int rank = outShape.Length;
        int ci = rank == 0 ? 0 : cs[^1], xi = rank == 0 ? 0 : xs[^1], yi = rank == 0 ? 0 : ys[^1];
        Span<int> idx = stackalloc int[Math.Max(rank, 1)];
        long co = 0, xo = 0, yo = 0;
        for (int r = 0; r < rows; r++)
        {
            float* dst = y + (long)r * inner;
            int j = 0;
            if (Vector512.IsHardwareAccelerated && ci == 1 && xi == 1 && yi == 1)
                for (; j + 16 <= inner; j += 16)
                {
                    var keep = Vector512.Equals(Vector512.Load(c + co + j), Vector512<float>.Zero);
                    Vector512.ConditionalSelect(keep, Vector512.Load(b + yo + j), Vector512.Load(a + xo + j)).Store(dst + j);
                }
            for (; j < inner; j++) dst[j] = c[co + (long)j * ci] != 0 ? a[xo + (long)j * xi] : b[yo + (long)j * yi];
            // Odometer over the outer dims.
            for (int d = rank - 2; d >= 0; d--)
            {
                idx[d]++;
                co += cs[d]; xo += xs[d]; yo += ys[d];
                if (idx[d] < outShape[d]) break;
                co -= (long)cs[d] * outShape[d]; xo -= (long)xs[d] * outShape[d]; yo -= (long)ys[d] * outShape[d];
                idx[d] = 0;
            }
        }
    }
}
