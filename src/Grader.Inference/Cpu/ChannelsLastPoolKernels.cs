using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Grader.Inference.Operators;

namespace Grader.Inference.Cpu;

/// <summary>
/// MaxPool of a channels-last tensor (see <see cref="ChannelsLastLayout"/>): an output pixel is
/// the lane-wise max of the input pixels its window covers, each a contiguous run of C channels,
/// so every load is a full vector whatever the stride or the window. Taps in the padding are
/// skipped, so padding never wins. One task per output row; for an NCHW output the row is pooled
/// into scratch and transposed, and a task takes enough rows to write whole cache lines of each
/// channel's plane: a row of a 7x7 map per task had two cores writing into the same lines by
/// turns, and pooled the Fashion-MNIST CNN's 32x14x14 map in 4.5 ms instead of 0.1.
/// </summary>
internal sealed unsafe class ChannelsLastMaxPoolKernel : ICpuKernel
{
    private readonly WindowGeometry g;
    private readonly float* x, y;
    private readonly bool nchwOutput;
    private readonly Scratch scratch;
    private readonly int workers, rowsPerTask, tasksPerImage;
    private readonly Action<int, int> task;

    public ChannelsLastMaxPoolKernel(WindowGeometry g, float* x, float* y, bool nchwOutput, CpuBindContext bind)
    {
        this.g = g; this.x = x; this.y = y; this.nchwOutput = nchwOutput;
        scratch = bind.Scratch;
        if (nchwOutput) scratch.Request((long)g.OW * g.C);
        workers = bind.Workers;
        rowsPerTask = nchwOutput ? Math.Clamp((128 + g.OW - 1) / g.OW, 1, g.OH) : 1;
        tasksPerImage = (g.OH + rowsPerTask - 1) / rowsPerTask;
        task = Rows;
    }

    public void Execute() => CpuParallel.For(g.N * tasksPerImage, workers, task);

    private void Rows(int t, int worker)
    {
        int n = t / tasksPerImage, oh0 = t % tasksPerImage * rowsPerTask, oh1 = Math.Min(g.OH, oh0 + rowsPerTask);
        for (int oh = oh0; oh < oh1; oh++)
        {
            if (!nchwOutput)
            {
                PoolRow(n, oh, y + ((long)n * g.OH + oh) * g.OW * g.C);
                continue;
            }
            float* row = scratch.For(worker);
            PoolRow(n, oh, row);
            Transpose8x8.Block(row, g.C, y + (long)n * g.C * g.OutPlane + (long)oh * g.OW, g.OutPlane, g.OW, g.C);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PoolRow(int n, int oh, float* o)
    {
        int c = g.C;
        int hs = oh * g.SH - g.PadTop;
        int ki0 = FirstTap(hs, g.DH), ki1 = EndTap(hs, g.DH, g.KH, g.H);
        float* image = x + (long)n * g.InPlane * c;
        for (int ow = 0; ow < g.OW; ow++, o += c)
        {
            int ws = ow * g.SW - g.PadLeft;
            int kj0 = FirstTap(ws, g.DW), kj1 = EndTap(ws, g.DW, g.KW, g.W);
            int ch = 0;
            for (; ch + 16 <= c; ch += 16)
            {
                var m = Vector512.Create(float.NegativeInfinity);
                for (int ki = ki0; ki < ki1; ki++)
                {
                    float* row = image + ((long)(hs + ki * g.DH) * g.W + ws) * c + ch;
                    for (int kj = kj0; kj < kj1; kj++) m = Vector512.MaxNative(m, Vector512.Load(row + (long)kj * g.DW * c));
                }
                m.Store(o + ch);
            }
            for (; ch < c; ch++)
            {
                float m = float.NegativeInfinity;
                for (int ki = ki0; ki < ki1; ki++)
                    for (int kj = kj0; kj < kj1; kj++)
                        m = MathF.Max(m, image[((long)(hs + ki * g.DH) * g.W + ws + kj * g.DW) * c + ch]);
                o[ch] = m;
            }
        }
    }

    /// <summary>First tap whose position start + tap·dilation is inside the input (≥ 0).</summary>
    private static int FirstTap(int start, int dilation) => start >= 0 ? 0 : (-start + dilation - 1) / dilation;

    /// <summary>One past the last tap whose position is inside an axis of <paramref name="size"/>.</summary>
    private static int EndTap(int start, int dilation, int taps, int size) =>
        start >= size ? 0 : Math.Min(taps, (size - 1 - start) / dilation + 1);
}

/// <summary>
/// MaxPool from NCHW to channels-last: a ResNet stem's output is NCHW (its row kernel's tile is
/// channel-major), the convolutions after the pool read channels-last. Each task pools 16
/// channels of one image plane by plane with <see cref="PoolKernel"/>, into scratch, and
/// transposes them into the output's pixels: the planes stream through the NCHW kernel as they
/// would without the change of layout (a task per output row, reading 48 short runs of rows far
/// apart, took twice as long), and the transpose runs on the pooled map, a quarter of the stem's.
/// </summary>
internal sealed unsafe class ChannelsLastFromNchwPoolKernel : ICpuKernel
{
    private const int ChannelsPerTask = 16;
    private readonly WindowGeometry g;
    private readonly PoolKernel planes;
    private readonly float* y;
    private readonly Scratch scratch;
    private readonly int blocks, workers;
    private readonly Action<int, int> task;

    public ChannelsLastFromNchwPoolKernel(WindowGeometry g, bool max, bool countIncludePad, float* x, float* y, CpuBindContext bind)
    {
        this.g = g; this.y = y;
        planes = new PoolKernel(g, max, countIncludePad, x, y, 1);
        blocks = (g.C + ChannelsPerTask - 1) / ChannelsPerTask;
        scratch = bind.Scratch;
        scratch.Request((long)ChannelsPerTask * g.OutPlane);
        workers = bind.Workers;
        task = Block;
    }

    public void Execute() => CpuParallel.For(g.N * blocks, workers, task);

    private void Block(int t, int worker)
    {
        int n = t / blocks, c0 = t % blocks * ChannelsPerTask, channels = Math.Min(ChannelsPerTask, g.C - c0);
        float* pooled = scratch.For(worker);
        planes.Planes(n * g.C + c0, n * g.C + c0 + channels, pooled);
        Transpose8x8.Block(pooled, g.OutPlane, y + (long)n * g.OutPlane * g.C + c0, g.C, channels, g.OutPlane);
    }
}

/// <summary>GlobalAveragePool of a channels-last tensor: per image, the sum of its pixels' channel
/// runs, scaled. The result [N, C, 1, 1] is the same in either layout.</summary>
internal sealed unsafe class ChannelsLastGlobalAveragePoolKernel(int images, int channels, int pixels, float* x, float* y) : ICpuKernel
{
    public void Execute()
    {
        for (int n = 0; n < images; n++)
        {
            var sum = new Span<float>(y + (long)n * channels, channels);
            sum.Clear();
            float* image = x + (long)n * pixels * channels;
            for (int p = 0; p < pixels; p++)
                TensorPrimitives.Add(sum, new ReadOnlySpan<float>(image + (long)p * channels, channels), sum);
            TensorPrimitives.Multiply(sum, 1f / pixels, sum);
        }
    }
}
