using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cpu;

/// <summary>
/// Depthwise convolution (groups = C = M): each output plane depends on one input plane and
/// KH·KW weights, so GEMM would run with K = 9 and waste its packing. Direct form instead: for each
/// output row, accumulate shifted input rows times a scalar weight (vectorised for stride 1).
/// </summary>
internal sealed unsafe class DepthwiseConvKernel : ICpuKernel
{
    private readonly WindowGeometry g;
    private readonly PinnedBuffer weights;
    private readonly PinnedBuffer? bias;
    private readonly float* x, y, residual;
    private readonly Activation act;
    private readonly int workers;
    private readonly Action<int, int> task;

    public DepthwiseConvKernel(WindowGeometry g, float[] w, float[]? b, Activation act, float* x, float* y, float* residual, int workers)
    {
        this.g = g;
        weights = PinnedBuffer.CopyOf(w)!;
        bias = PinnedBuffer.CopyOf(b);
        this.x = x; this.y = y; this.residual = residual; this.act = act;
        this.workers = workers;
        task = (t, _) => Plane(t);
    }

    public void Execute() => CpuParallel.For(g.N * g.C, workers, task);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Plane(int nc)
    {
        int c = nc % g.C;
        float* src = x + (long)nc * g.InPlane;
        float* dst = y + (long)nc * g.OutPlane;
        float* w = weights.Ptr + c * g.KH * g.KW;
        float b = bias is null ? 0f : bias.Ptr[c];
        for (int oh = 0; oh < g.OH; oh++)
        {
            float* orow = dst + oh * g.OW;
            new Span<float>(orow, g.OW).Fill(b);
            for (int ki = 0; ki < g.KH; ki++)
            {
                int ih = oh * g.SH - g.PadTop + ki * g.DH;
                if ((uint)ih >= (uint)g.H) continue;
                float* row = src + (long)ih * g.W;
                for (int kj = 0; kj < g.KW; kj++)
                {
                    float wv = w[ki * g.KW + kj];
                    int offW = kj * g.DW - g.PadLeft;
                    // Output columns whose tap lands inside the row: 0 <= ow*SW + offW < W.
                    int lo = Math.Max(0, CeilDiv(-offW, g.SW));
                    int hi = Math.Min(g.OW, FloorDiv(g.W - 1 - offW, g.SW) + 1);
                    if (hi <= lo) continue;
                    if (g.SW == 1) Axpy(orow + lo, row + lo + offW, wv, hi - lo);
                    else
                        for (int ow = lo; ow < hi; ow++) orow[ow] += wv * row[ow * g.SW + offW];
                }
            }
        }
        if (residual != null || act.Kind != ActivationKind.None)
            new Epilogue(null, false, residual == null ? null : residual + (long)nc * g.OutPlane, g.OW, act)
                .Apply(dst, g.OW, 0, 0, g.OH, g.OW);
    }

    private static int CeilDiv(int a, int b) => a <= 0 ? -(-a / b) : (a + b - 1) / b;
    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axpy(float* acc, float* src, float w, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vw = Vector512.Create(w);
            for (; i + 16 <= n; i += 16) (Vector512.Load(acc + i) + vw * Vector512.Load(src + i)).Store(acc + i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var vw = Vector256.Create(w);
            for (; i + 8 <= n; i += 8) (Vector256.Load(acc + i) + vw * Vector256.Load(src + i)).Store(acc + i);
        }
        for (; i < n; i++) acc[i] += w * src[i];
    }
}
