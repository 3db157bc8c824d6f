using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Numerics.Tensors;
using Grader.Inference.Operators;

namespace Grader.Inference.Cpu;

/// <summary>MaxPool / AveragePool over NCHW planes, runs of planes per task. Padding never wins a max;
/// for averages the divisor follows PyTorch/ONNX: taps inside the padded extent when
/// count_include_pad, else only taps inside the input.</summary>
internal sealed unsafe class PoolKernel : ICpuKernel
{
    private readonly WindowGeometry g;
    private readonly bool max, countIncludePad;
    private readonly float* x, y;
    private readonly int workers;
    private readonly Action<int, int> task;

    private readonly bool rowVectors, pairRows;
    private readonly float* end;

    public PoolKernel(WindowGeometry g, bool max, bool countIncludePad, float* x, float* y, int workers)
    {
        this.g = g; this.max = max; this.countIncludePad = countIncludePad; this.x = x; this.y = y; this.workers = workers;
        rowVectors = max && Avx512F.IsSupported && g.SW is 1 or 2;
        pairRows = max && PairRowMaxPool.Suits(g);
        // Small planes (8x8 after a CIFAR stem) cost less than handing out a task: each task takes a
        // run of planes worth about 16K outputs, but every worker gets a few tasks.
        int planes = g.N * g.C;
        int planesPerTask = Math.Clamp(16384 / Math.Max(1, g.OutPlane), 1, Math.Max(1, planes / (4 * workers)));
        tasks = (planes + planesPerTask - 1) / planesPerTask;
        end = x + (long)planes * g.InPlane;
        task = (t, _) =>
        {
            int first = t * planesPerTask, last = Math.Min(planes, first + planesPerTask);
            Planes(first, last, y + (long)first * g.OutPlane);
        };
    }

    /// <summary>Pools NCHW planes [first, last) (image × channel) into <paramref name="dst"/>, plane after plane.</summary>
    internal void Planes(int first, int last, float* dst)
    {
        if (pairRows) PairRowMaxPool.Rows(x, dst - (long)first * g.OutPlane, g.OW, first * g.OH, last * g.OH, end);
        else
            for (int nc = first; nc < last; nc++, dst += g.OutPlane)
                if (rowVectors) MaxPlane(nc, dst); else Plane(nc, dst);
    }

    private readonly int tasks;

    /// <summary>
    /// Max pooling with row stride 1 or 2 (every CNN's), 16 outputs per step straight from the
    /// input rows, no copy of the row; stride 2 takes the even lanes of two loads. Where the
    /// window may reach into padding (left edge, right overhang) columns outside the input are
    /// replaced by -inf so they never win; elsewhere loads may run past the row (into the next
    /// row) because those lanes only feed outputs past the row's end, which the store drops.
    /// Masked loads, much slower here than a load and a blend, are kept for the tensor's ends.
    /// Rows outside the input are skipped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MaxPlane(int nc, float* dst)
    {
        float* src = x + (long)nc * g.InPlane;
        // Plain loads must stay inside the input tensor; at its ends they are masked. (A local: a
        // field would be read again after every store in this loop.)
        float* end = this.end;
        int width = g.W, outWidth = g.OW, sw = g.SW, span = 16 * sw;
        bool overhang = (outWidth - 1) * sw + (g.KW - 1) * g.DW - g.PadLeft >= width;
        var minusInf = Vector512.Create(float.NegativeInfinity);
        var limit = Vector512.Create((uint)width);
        // A local constant, not a static field: reading a static from this fully optimised method
        // calls a class-init helper, and around a call every vector register is spilled.
        var evenLanes = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        for (int oh = 0; oh < g.OH; oh++)
        {
            int hs = oh * g.SH - g.PadTop;
            float* o = dst + (long)oh * outWidth;
            for (int ow = 0; ow < outWidth; ow += 16)
            {
                var m = minusInf;
                for (int kj = 0; kj < g.KW; kj++)
                {
                    int c = ow * sw - g.PadLeft + kj * g.DW;
                    bool plain = c >= 0 && !overhang;
                    var low = Vector512.LessThan((Vector512.Create(c) + Vector512<int>.Indices).AsUInt32(), limit).AsSingle();
                    var high = Vector512.LessThan((Vector512.Create(c + 16) + Vector512<int>.Indices).AsUInt32(), limit).AsSingle();
                    for (int ki = 0; ki < g.KH; ki++)
                    {
                        int ih = hs + ki * g.DH;
                        if ((uint)ih >= (uint)g.H) continue;
                        float* p = src + (long)ih * width + c;
                        Vector512<float> v, v2 = default;
                        if (p >= x && p + span <= end)
                        {
                            v = Vector512.Load(p);
                            if (sw == 2) v2 = Vector512.Load(p + 16);
                            if (!plain)
                            {
                                v = Vector512.ConditionalSelect(low, v, minusInf);
                                v2 = Vector512.ConditionalSelect(high, v2, minusInf);
                            }
                        }
                        else
                        {
                            v = Avx512F.MaskLoad(p, low, minusInf);
                            if (sw == 2) v2 = Avx512F.MaskLoad(p + 16, high, minusInf);
                        }
                        m = Vector512.MaxNative(m, sw == 2 ? Avx512F.PermuteVar16x32x2(v, evenLanes, v2) : v);
                    }
                }
                if (ow + 16 <= outWidth) m.Store(o + ow);
                else Avx512F.MaskStore(o + ow, Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(outWidth - ow)).AsSingle(), m);
            }
        }
    }

    public void Execute() => CpuParallel.For(tasks, workers, task);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Plane(int nc, float* dst)
    {
        float* src = x + (long)nc * g.InPlane;
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
