using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cpu;

/// <summary>
/// Depthwise convolution (groups = C = M): each output plane depends on one input plane and
/// KH·KW weights, so GEMM would run with K = 9 and waste its packing. Direct form instead: the
/// plane is copied into a zero-bordered scratch image (no bounds checks afterwards), and every
/// kernel tap becomes one long vectorised multiply-add. With stride 1 the output is computed on
/// the padded row pitch, so a tap is a single axpy over all rows at once (fast on 8×8 / 4×4
/// maps). With stride s (no dilation) the padded image is first split into s×s phase images
/// (pixel (i·s+a, j·s+b) goes to phase (a, b)), which turns every tap into the same contiguous
/// stride-1 axpy; dilated strided convs fall back to dense rows that are then subsampled.
/// </summary>
internal sealed unsafe class DepthwiseConvKernel : ICpuKernel
{
    private readonly WindowGeometry g;
    private readonly PinnedBuffer weights;
    private readonly PinnedBuffer? bias;
    private readonly float* x, y, residual;
    private readonly Activation act;
    private readonly int workers, hp, wp, rowSpan, stride, hq, wq;
    private readonly bool phased;
    private readonly Scratch scratch;
    private readonly Action<int, int> task;

    public DepthwiseConvKernel(WindowGeometry g, float[] w, float[]? b, Activation act, float* x, float* y, float* residual, CpuBindContext bind)
    {
        this.g = g;
        weights = PinnedBuffer.CopyOf(w)!;
        bias = PinnedBuffer.CopyOf(b);
        this.x = x; this.y = y; this.residual = residual; this.act = act;
        workers = bind.Workers;
        // Padded image: every tap of every output lands inside it (ceil-style extra rows included).
        hp = g.PaddedHeight;
        wp = g.PaddedWidth;
        rowSpan = (g.OW - 1) * g.SW + 1;
        stride = g.SH;
        phased = g.SH == g.SW && g.SH > 1 && g.DH == 1 && g.DW == 1;
        hq = (hp + stride - 1) / stride;
        wq = (wp + stride - 1) / stride;
        scratch = bind.Scratch;
        scratch.Request((long)hp * wp + (long)g.OH * wp + (phased ? (long)stride * stride * hq * wq : 0) + 16);
        task = Plane;
    }

    public void Execute() => CpuParallel.For(g.N * g.C, workers, task);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Plane(int nc, int worker)
    {
        int c = nc % g.C;
        float* src = x + (long)nc * g.InPlane;
        float* dst = y + (long)nc * g.OutPlane;
        float* w = weights.Ptr + c * g.KH * g.KW;
        float b = bias is null ? 0f : bias.Ptr[c];
        float* pad = scratch.For(worker);
        float* acc = pad + (long)hp * wp;

        new Span<float>(pad, hp * wp).Clear();
        for (int h = 0; h < g.H; h++)
            Buffer.MemoryCopy(src + h * g.W, pad + (long)(h + g.PadTop) * wp + g.PadLeft, g.W * sizeof(float), g.W * sizeof(float));

        if (g.SH == 1 && g.SW == 1)
        {
            int len = (g.OH - 1) * wp + g.OW;
            Fill(acc, b, len);
            for (int ki = 0; ki < g.KH; ki++)
                for (int kj = 0; kj < g.KW; kj++)
                    Axpy(acc, pad + ki * g.DH * wp + kj * g.DW, w[ki * g.KW + kj], len);
            for (int oh = 0; oh < g.OH; oh++)
                Buffer.MemoryCopy(acc + oh * wp, dst + oh * g.OW, g.OW * sizeof(float), g.OW * sizeof(float));
        }
        else if (phased)
        {
            int s2 = stride;
            float* phases = acc + (long)g.OH * wp;
            long phaseSize = (long)hq * wq;
            new Span<float>(phases, (int)(s2 * s2 * phaseSize)).Clear();
            for (int a = 0; a < s2; a++)
                for (int i = a, iq = 0; i < hp; i += s2, iq++)
                {
                    float* row = pad + (long)i * wp;
                    for (int bq = 0; bq < s2; bq++)
                    {
                        float* prow = phases + (a * s2 + bq) * phaseSize + (long)iq * wq;
                        for (int j = bq, jq = 0; j < wp; j += s2, jq++) prow[jq] = row[j];
                    }
                }
            int len = (g.OH - 1) * wq + g.OW;
            Fill(acc, b, len);
            for (int ki = 0; ki < g.KH; ki++)
                for (int kj = 0; kj < g.KW; kj++)
                    Axpy(acc, phases + ((ki % s2) * s2 + kj % s2) * phaseSize + (ki / s2) * wq + kj / s2, w[ki * g.KW + kj], len);
            for (int oh = 0; oh < g.OH; oh++)
                Buffer.MemoryCopy(acc + oh * wq, dst + oh * g.OW, g.OW * sizeof(float), g.OW * sizeof(float));
        }
        else
        {
            for (int oh = 0; oh < g.OH; oh++)
            {
                Fill(acc, b, rowSpan);
                for (int ki = 0; ki < g.KH; ki++)
                {
                    float* row = pad + (long)(oh * g.SH + ki * g.DH) * wp;
                    for (int kj = 0; kj < g.KW; kj++) Axpy(acc, row + kj * g.DW, w[ki * g.KW + kj], rowSpan);
                }
                float* o = dst + oh * g.OW;
                for (int ow = 0; ow < g.OW; ow++) o[ow] = acc[ow * g.SW];
            }
        }
        if (residual != null || act.Kind != ActivationKind.None)
            new Epilogue(null, false, residual == null ? null : residual + (long)nc * g.OutPlane, g.OW, act)
                .Apply(dst, g.OW, 0, 0, g.OH, g.OW);
    }

    private static void Fill(float* p, float v, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (var vv = Vector512.Create(v); i + 16 <= n; i += 16) vv.Store(p + i);
        for (; i < n; i++) p[i] = v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy(float* acc, float* src, float w, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vw = Vector512.Create(w);
            for (; i + 16 <= n; i += 16) Vector512.FusedMultiplyAdd(vw, Vector512.Load(src + i), Vector512.Load(acc + i)).Store(acc + i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var vw = Vector256.Create(w);
            for (; i + 8 <= n; i += 8) (Vector256.Load(acc + i) + vw * Vector256.Load(src + i)).Store(acc + i);
        }
        for (; i < n; i++) acc[i] += w * src[i];
    }
}
