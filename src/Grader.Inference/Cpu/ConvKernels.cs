using System.Runtime.InteropServices;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cpu;

/// <summary>
/// Convolution as GEMM: out[g] (M/g × OH·OW) = W[g] (M/g × C/g·KH·KW) · im2col(x[g]). The im2col
/// matrix is never materialised: columns are gathered straight into SGEMM's packed B panels, one
/// chunk of output pixels per task, so the packed chunk stays in cache while it is multiplied.
/// Weights are packed once at bind time. 1×1 stride-1 convs degenerate to contiguous copies.
/// </summary>
internal sealed unsafe class ConvGemmKernel : ICpuKernel
{
    private readonly WindowGeometry g;
    private readonly int groups, m, mg, cg, kg, chunkCols, chunks;
    private readonly float* x, y, bias, residual;
    private readonly float[] packedW;
    private readonly float* packedWPtr;
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
        packedW = GC.AllocateUninitializedArray<float>((int)(packedWStride * groups), pinned: true);
        packedWPtr = (float*)Marshal.UnsafeAddrOfPinnedArrayElement(packedW, 0);
        fixed (float* w = weights)
            for (int gi = 0; gi < groups; gi++)
                Sgemm.PackA(w + (long)gi * mg * kg, kg, 1, mg, kg, packedWPtr + gi * packedWStride);
        biasPin = PinnedBuffer.CopyOf(biasData);
        bias = biasPin is null ? null : biasPin.Ptr;
        // Output-pixel chunk: keep the packed K×chunk block around 256 KiB, at least one NR panel.
        int plane = g.OutPlane;
        chunkCols = Math.Clamp(65536 / Math.Max(1, kg) / Sgemm.NR * Sgemm.NR, Sgemm.NR, 512);
        if (chunkCols >= plane) chunkCols = plane;
        chunks = (plane + chunkCols - 1) / chunkCols;
        scratch = bind.Scratch;
        scratch.Request(Sgemm.PackedSizeB(kg, chunkCols));
        workers = bind.Workers;
        task = RunTask;
    }

    private readonly PinnedBuffer? biasPin;

    public void Execute() => CpuParallel.For(g.N * groups * chunks, workers, task);

    private void RunTask(int t, int worker)
    {
        int ch = t % chunks;
        int rest = t / chunks;
        int gi = rest % groups, n = rest / groups;
        int plane = g.OutPlane;
        int j0 = ch * chunkCols, cols = Math.Min(chunkCols, plane - j0);
        float* pb = scratch.For(worker);
        PackColumns(x + ((long)n * g.C + gi * cg) * g.InPlane, j0, cols, pb);
        long outOff = ((long)n * m + gi * mg) * plane + j0;
        var ep = new Epilogue(bias == null ? null : bias + gi * mg, true,
            residual == null ? null : residual + outOff, plane, act);
        Sgemm.Multiply(mg, cols, kg, packedWPtr + gi * packedWStride, pb, y + outOff, plane, ep);
    }

    /// <summary>Fused im2col + pack: writes columns [j0, j0+cols) of im2col(xg) in Sgemm's B layout.</summary>
    private void PackColumns(float* xg, int j0, int cols, float* dst)
    {
        int np = Sgemm.RoundUp(cols, Sgemm.NR);
        int kArea = g.KH * g.KW;
        for (int k0 = 0; k0 < kg; k0 += Sgemm.KC)
        {
            int kc = Math.Min(Sgemm.KC, kg - k0);
            float* blk = dst + (long)k0 * np;
            for (int kk = 0; kk < kc; kk++)
            {
                int k = k0 + kk;
                int ci = k / kArea, r = k - ci * kArea;
                int ki = r / g.KW, kj = r - ki * g.KW;
                float* plane = xg + (long)ci * g.InPlane;
                int offH = ki * g.DH - g.PadTop, offW = kj * g.DW - g.PadLeft;
                for (int q = 0; q < np / Sgemm.NR; q++)
                {
                    float* d = blk + (long)q * kc * Sgemm.NR + kk * Sgemm.NR;
                    int n = Math.Min(Sgemm.NR, cols - q * Sgemm.NR);
                    FillRow(plane, offH, offW, j0 + q * Sgemm.NR, n, d);
                    for (int z = n; z < Sgemm.NR; z++) d[z] = 0;
                }
            }
        }
    }

    /// <summary>One im2col row segment: input taps for output pixels [col, col+count) at offset (offH, offW).</summary>
    private void FillRow(float* plane, int offH, int offW, int col, int count, float* d)
    {
        int ow = g.OW;
        int oh = col / ow, o = col - oh * ow;
        while (count > 0)
        {
            int seg = Math.Min(count, ow - o);
            int ih = oh * g.SH + offH;
            if ((uint)ih >= (uint)g.H) new Span<float>(d, seg).Clear();
            else
            {
                float* row = plane + (long)ih * g.W;
                if (g.SW == 1)
                {
                    int t0 = Math.Clamp(-offW - o, 0, seg);
                    int t1 = Math.Max(t0, Math.Clamp(g.W - offW - o, 0, seg));
                    for (int t = 0; t < t0; t++) d[t] = 0;
                    Buffer.MemoryCopy(row + o + t0 + offW, d + t0, (t1 - t0) * sizeof(float), (t1 - t0) * sizeof(float));
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
}
