using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
        // Small planes (8x8 after a CIFAR stem) cost less than handing out a task: each task takes a
        // run of planes worth about 16K outputs.
        int planesPerTask = Math.Max(1, 16384 / Math.Max(1, g.OutPlane)), planes = g.N * g.C;
        tasks = (planes + planesPerTask - 1) / planesPerTask;
        task = (t, _) =>
        {
            for (int nc = t * planesPerTask, end = Math.Min(planes, nc + planesPerTask); nc < end; nc++)
                if (separable) MaxPlane(nc); else Plane(nc);
        };
    }

    private readonly int tasks;

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
        // Slack of two vectors past the last tap, so the column pass may load whole vectors.
        int length = Math.Max(g.PadLeft + g.W, (g.OW - 1) * g.SW + spanW + 1) + 2 * Vector512<float>.Count;
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
            ColumnMaxima(row, dst + oh * g.OW);
        }
    }

    private static readonly Vector512<int> EvenLanes = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);

    /// <summary>
    /// o[ow] = max over kj of row[ow * SW + kj * DW]. Undilated windows with stride 1 or 2 (every
    /// CNN's pooling) take 16 outputs per step: stride 1 from shifted loads, stride 2 from the even
    /// lanes of two consecutive vectors. The row has -inf slack past its end, so the last step
    /// may read a whole vector beyond the last window and keep only the lanes it needs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ColumnMaxima(float* row, float* o)
    {
        if (Avx512F.IsSupported && g.DW == 1 && g.SW is 1 or 2)
        {
            float* last = stackalloc float[16];
            for (int ow = 0; ow < g.OW; ow += 16)
            {
                float* p = row + ow * g.SW;
                var m = Vector512.Create(float.NegativeInfinity);
                for (int kj = 0; kj < g.KW; kj++)
                    m = Vector512.MaxNative(m, g.SW == 1
                        ? Vector512.Load(p + kj)
                        : Avx512F.PermuteVar16x32x2(Vector512.Load(p + kj), EvenLanes, Vector512.Load(p + kj + 16)));
                if (ow + 16 <= g.OW) m.Store(o + ow);
                else
                {
                    // Short rows (8 or 14 outputs are common): the lanes past the row's end are dropped.
                    m.Store(last);
                    for (int i = 0; i < g.OW - ow; i++) o[ow + i] = last[i];
                }
            }
            return;
        }
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

    public void Execute() => CpuParallel.For(tasks, workers, task);

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
