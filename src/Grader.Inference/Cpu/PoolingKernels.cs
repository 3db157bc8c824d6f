using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Numerics.Tensors;
using Grader.Inference.Operators;

namespace Grader.Inference.Cpu;

/// <summary>MaxPool / AveragePool over NCHW planes, one plane per task. Padding never wins a max;
/// for averages the divisor follows PyTorch/ONNX: taps inside the padded extent when
/// count_include_pad, else only taps inside the input.</summary>
internal sealed unsafe class PoolKernel : ICpuKernel
{
    private readonly WindowGeometry g;
    private readonly bool max, countIncludePad;
    private readonly float* x, y;
    private readonly int workers;
    private readonly Action<int, int> task;
    private const int MaxStackRow = 8192;

    public PoolKernel(WindowGeometry g, bool max, bool countIncludePad, float* x, float* y, int workers)
    {
        this.g = g; this.max = max; this.countIncludePad = countIncludePad; this.x = x; this.y = y; this.workers = workers;
        // The separable path keeps one padded row on the stack: only for rows of sane width.
        bool separable = max && Math.Max(g.PadLeft + g.W, (g.OW - 1) * g.SW + (g.KW - 1) * g.DW + 1) <= MaxStackRow;
        task = separable ? (t, _) => MaxPlane(t) : (t, _) => Plane(t);
    }

    /// <summary>
    /// Max pooling separably: the max over the window's rows first, a whole input row at a time
    /// with SIMD, into a row padded with -inf (so padding never wins and needs no bounds checks);
    /// then the max over the window's columns of that row. KH + KW steps per output instead of KH x KW.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MaxPlane(int nc)
    {
        float* src = x + (long)nc * g.InPlane;
        float* dst = y + (long)nc * g.OutPlane;
        int spanW = (g.KW - 1) * g.DW;
        int length = Math.Max(g.PadLeft + g.W, (g.OW - 1) * g.SW + spanW + 1);
        float* row = stackalloc float[length];
        new Span<float>(row, length).Fill(float.NegativeInfinity);
        float* inside = row + g.PadLeft;
        for (int oh = 0; oh < g.OH; oh++)
        {
            int hs = oh * g.SH - g.PadTop;
            bool first = true;
            for (int ki = 0; ki < g.KH; ki++)
            {
                int ih = hs + ki * g.DH;
                if ((uint)ih >= (uint)g.H) continue;
                float* input = src + (long)ih * g.W;
                if (first) Buffer.MemoryCopy(input, inside, g.W * sizeof(float), g.W * sizeof(float));
                else MaxInto(inside, input, g.W);
                first = false;
            }
            if (first) new Span<float>(inside, g.W).Fill(float.NegativeInfinity);
            float* o = dst + oh * g.OW;
            for (int ow = 0; ow < g.OW; ow++)
            {
                float* p = row + ow * g.SW;
                float m = p[0];
                for (int kj = 1; kj < g.KW; kj++)
                {
                    float v = p[kj * g.DW];
                    if (v > m) m = v;
                }
                o[ow] = m;
            }
        }
    }

    public void Execute() => CpuParallel.For(g.N * g.C, workers, task);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Plane(int nc)
    {
        float* src = x + (long)nc * g.InPlane;
        float* dst = y + (long)nc * g.OutPlane;
        int spanH = (g.KH - 1) * g.DH, spanW = (g.KW - 1) * g.DW;
        float inv = 1f / (g.KH * g.KW);
        for (int oh = 0; oh < g.OH; oh++)
        {
            int hs = oh * g.SH - g.PadTop;
            bool rowsInside = hs >= 0 && hs + spanH < g.H;
            float* o = dst + oh * g.OW;
            for (int ow = 0; ow < g.OW; ow++)
            {
                int ws = ow * g.SW - g.PadLeft;
                if (rowsInside && ws >= 0 && ws + spanW < g.W)
                {
                    // Window fully inside the input: no bounds checks, and both average divisors agree.
                    float* p = src + (long)hs * g.W + ws;
                    if (max)
                    {
                        float m = float.NegativeInfinity;
                        for (int ki = 0; ki < g.KH; ki++, p += (long)g.DH * g.W)
                            for (int kj = 0; kj < g.KW; kj++) m = MathF.Max(m, p[kj * g.DW]);
                        o[ow] = m;
                    }
                    else
                    {
                        float sum = 0;
                        for (int ki = 0; ki < g.KH; ki++, p += (long)g.DH * g.W)
                            for (int kj = 0; kj < g.KW; kj++) sum += p[kj * g.DW];
                        o[ow] = sum * inv;
                    }
                }
                else o[ow] = Border(src, hs, ws);
            }
        }
    }

    /// <summary>dst = max(dst, src) elementwise. Inline vectors: rows are short (16 floats after a
    /// CIFAR stem), where a library call's fixed cost would outweigh the work.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaxInto(float* dst, float* src, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= n; i += 16) Vector512.MaxNative(Vector512.Load(dst + i), Vector512.Load(src + i)).Store(dst + i);
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= n; i += 8) Vector256.MaxNative(Vector256.Load(dst + i), Vector256.Load(src + i)).Store(dst + i);
        for (; i < n; i++) if (src[i] > dst[i]) dst[i] = src[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private float Border(float* src, int hs, int ws)
    {
        float acc = max ? float.NegativeInfinity : 0f;
        int valid = 0, padded = 0;
        for (int ki = 0; ki < g.KH; ki++)
        {
            int ih = hs + ki * g.DH;
            bool rowInPad = ih >= -g.PadTop && ih < g.H + g.PadBottom;
            bool rowIn = (uint)ih < (uint)g.H;
            float* row = src + (long)ih * g.W;
            for (int kj = 0; kj < g.KW; kj++)
            {
                int iw = ws + kj * g.DW;
                if (rowInPad && iw >= -g.PadLeft && iw < g.W + g.PadRight) padded++;
                if (!rowIn || (uint)iw >= (uint)g.W) continue;
                float v = row[iw];
                valid++;
                if (max) { if (v > acc) acc = v; }
                else acc += v;
            }
        }
        if (max) return acc;
        int div = countIncludePad ? padded : valid;
        return div > 0 ? acc / div : 0f;
    }
}

/// <summary>GlobalAveragePool: the mean of each NCHW plane.</summary>
internal sealed unsafe class GlobalAveragePoolKernel(int planes, int planeSize, float* x, float* y) : ICpuKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute()
    {
        for (int p = 0; p < planes; p++)
            y[p] = TensorPrimitives.Sum(new ReadOnlySpan<float>(x + (long)p * planeSize, planeSize)) / planeSize;
    }
}
