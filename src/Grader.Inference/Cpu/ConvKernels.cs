using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cpu;

/// <summary>
/// Convolution as GEMM: out[g] (M/g × OH·OW) = W[g] (M/g × C/g·KH·KW) · im2col(x[g]). The im2col
/// matrix is never materialised: columns are gathered straight into SGEMM's packed B panels, one
/// chunk of output pixels per task, so the packed chunk stays in cache while it is multiplied.
/// Weights are packed once at bind time. 1×1 stride-1 convs degenerate to contiguous copies.
/// With AVX-512, dense convs go to <see cref="RowConvKernel"/> or <see cref="ChannelsLastConvKernel"/>
/// instead; this path serves grouped (non-depthwise) convs and machines without AVX-512.
/// </summary>
internal sealed unsafe class ConvGemmKernel : ICpuKernel
{
    private readonly WindowGeometry g;
    private readonly int groups, m, mg, cg, kg, chunkCols, chunks;
    private readonly float* x, y, bias, residual;
    private readonly PinnedBuffer packedW;
    private readonly long packedWStride;
    private readonly Activation act;
    private readonly Scratch scratch;
    private readonly int workers;
    private readonly Action<int, int> task;

    public ConvGemmKernel(WindowGeometry g, int outChannels, int groups, float[] weights, float[]? biasData,
        Activation act, float* x, float* y, float* residual, CpuBindContext bind)
    {
        this.g = g;
        this.groups = groups;
        m = outChannels;
        mg = m / groups;
        cg = g.C / groups;
        kg = cg * g.KH * g.KW;
        this.x = x; this.y = y; this.residual = residual; this.act = act;
        packedWStride = Sgemm.PackedSizeA(mg, kg);
        packedW = new PinnedBuffer(packedWStride * groups);
        fixed (float* w = weights)
            for (int gi = 0; gi < groups; gi++)
                Sgemm.PackA(w + (long)gi * mg * kg, kg, 1, mg, kg, packedW.Ptr + gi * packedWStride);
        biasPin = PinnedBuffer.CopyOf(biasData);
        bias = biasPin is null ? null : biasPin.Ptr;
        // Column chunk: keep the packed K×chunk block around 256 KiB, at least one NR panel.
        int plane = g.OutPlane;
        int target = Math.Clamp(65536 / Math.Max(1, kg) / Sgemm.NR * Sgemm.NR, Sgemm.NR, 512);
        if (plane >= target || plane >= 2 * Sgemm.NR)
        {
            // Large feature maps: chunks of one image's pixels, written straight into the output.
            imagesPerChunk = 1;
            chunkCols = Math.Min(target, plane);
            chunks = (plane + chunkCols - 1) / chunkCols;
            tasks = g.N * groups * chunks;
        }
        else
        {
            // Small maps (deep layers: 4x4, 2x2, 1x1): one image would fill a fraction of an NR
            // panel, so columns span several images and are scattered to NCHW afterwards.
            imagesPerChunk = Math.Max(1, target / plane);
            chunkCols = imagesPerChunk * plane;
            chunks = 1;
            tasks = (g.N + imagesPerChunk - 1) / imagesPerChunk * groups;
            tempOffset = Sgemm.PackedSizeB(kg, chunkCols);
        }
        scratch = bind.Scratch;
        scratch.Request(Sgemm.PackedSizeB(kg, chunkCols) + (imagesPerChunk > 1 ? (long)mg * chunkCols : 0));
        workers = bind.Workers;
        task = RunTask;
    }

    private readonly PinnedBuffer? biasPin;
    private readonly int imagesPerChunk, tasks;
    private readonly long tempOffset;

    public void Execute() => CpuParallel.For(tasks, workers, task);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunTask(int t, int worker)
    {
        int plane = g.OutPlane;
        float* pb = scratch.For(worker);
        float* w = packedW.Ptr;
        if (imagesPerChunk == 1)
        {
            int ch = t % chunks;
            int rest = t / chunks;
            int gi = rest % groups, n = rest / groups;
            int j0 = ch * chunkCols, cols = Math.Min(chunkCols, plane - j0);
            PackColumns(n, gi, j0, cols, pb);
            long outOff = ((long)n * m + gi * mg) * plane + j0;
            var ep = new Epilogue(bias == null ? null : bias + gi * mg, true,
                residual == null ? null : residual + outOff, plane, act);
            Sgemm.Multiply(mg, cols, kg, w + gi * packedWStride, pb, y + outOff, plane, ep);
            return;
        }
        {
            int gi = t % groups, n0 = t / groups * imagesPerChunk;
            int images = Math.Min(imagesPerChunk, g.N - n0), cols = images * plane;
            PackColumns(n0, gi, 0, cols, pb);
            float* tmp = pb + tempOffset;
            var ep = new Epilogue(bias == null ? null : bias + gi * mg, true, null, 0, residual == null ? act : Activation.None);
            Sgemm.Multiply(mg, cols, kg, w + gi * packedWStride, pb, tmp, cols, ep);
            for (int i = 0; i < images; i++)
                for (int r = 0; r < mg; r++)
                {
                    long off = ((long)(n0 + i) * m + gi * mg + r) * plane;
                    float* src = tmp + (long)r * cols + i * plane;
                    float* dst = y + off;
                    if (residual == null) Buffer.MemoryCopy(src, dst, plane * sizeof(float), plane * sizeof(float));
                    else
                        for (int p = 0; p < plane; p++) dst[p] = act.Apply(src[p] + residual[off + p]);
                }
        }
    }

    /// <summary>Fused im2col + pack: writes columns [col0, col0+cols) of im2col over images
    /// n0, n0+1, ... (group gi) in Sgemm's B layout; column c is pixel c % plane of image n0 + c / plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackColumns(int n0, int gi, int col0, int cols, float* dst)
    {
        int np = Sgemm.RoundUp(cols, Sgemm.NR);
        int kArea = g.KH * g.KW;
        int plane = g.OutPlane;
        long imageStride = (long)g.C * g.InPlane;
        float* xg = x + ((long)n0 * g.C + gi * cg) * g.InPlane;
        for (int k0 = 0; k0 < kg; k0 += Sgemm.KC)
        {
            int kc = Math.Min(Sgemm.KC, kg - k0);
            float* blk = dst + (long)k0 * np;
            for (int kk = 0; kk < kc; kk++)
            {
                int k = k0 + kk;
                int ci = k / kArea, r = k - ci * kArea;
                int ki = r / g.KW, kj = r - ki * g.KW;
                float* channel = xg + (long)ci * g.InPlane;
                int offH = ki * g.DH - g.PadTop, offW = kj * g.DW - g.PadLeft;
                for (int q = 0; q < np / Sgemm.NR; q++)
                {
                    float* d = blk + (long)q * kc * Sgemm.NR + kk * Sgemm.NR;
                    int n = Math.Min(Sgemm.NR, cols - q * Sgemm.NR);
                    int c = col0 + q * Sgemm.NR;
                    for (int done = 0; done < n;)
                    {
                        int img = c / plane, p = c - img * plane;
                        int seg = Math.Min(n - done, plane - p);
                        FillRow(channel + img * imageStride, offH, offW, p, seg, d + done);
                        done += seg;
                        c += seg;
                    }
                    for (int z = n; z < Sgemm.NR; z++) d[z] = 0;
                }
            }
        }
    }

    /// <summary>One im2col row segment: input taps for output pixels [col, col+count) at offset (offH, offW).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillRow(float* plane, int offH, int offW, int col, int count, float* d)
    {
        int ow = g.OW;
        int oh = col / ow, o = col - oh * ow;
        while (count > 0)
        {
            int seg = Math.Min(count, ow - o);
            int ih = oh * g.SH + offH;
            if ((uint)ih >= (uint)g.H) for (int t = 0; t < seg; t++) d[t] = 0;
            else
            {
                float* row = plane + (long)ih * g.W;
                if (g.SW == 1)
                {
                    int t0 = Math.Clamp(-offW - o, 0, seg);
                    int t1 = Math.Max(t0, Math.Clamp(g.W - offW - o, 0, seg));
                    for (int t = 0; t < t0; t++) d[t] = 0;
                    Copy(row + o + t0 + offW, d + t0, t1 - t0);
                    for (int t = t1; t < seg; t++) d[t] = 0;
                }
                else
                {
                    int iw = o * g.SW + offW;
                    for (int t = 0; t < seg; t++, iw += g.SW) d[t] = (uint)iw < (uint)g.W ? row[iw] : 0;
                }
            }
            d += seg;
            count -= seg;
            o = 0;
            oh++;
        }
    }

    /// <summary>Short copies (one im2col row segment, usually under 64 floats): inline vector
    /// moves beat Buffer.MemoryCopy's call overhead.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* src, float* dst, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= n; i += 16) Vector512.Load(src + i).Store(dst + i);
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= n; i += 8) Vector256.Load(src + i).Store(dst + i);
        for (; i < n; i++) dst[i] = src[i];
    }
}
