using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cpu;

/// <summary>
/// Dense (group 1) convolution without im2col. Each task copies the input rows its output
/// pixels need into a zero-bordered channels-last slab (pixel-major, C floats per pixel), then
/// <see cref="PixelTileKernel"/> reads every pixel's taps in place: the im2col row of a pixel is
/// KH runs of KW·C contiguous floats in that slab. im2col's cost was gathering short row segments
/// (8, 4 or 2 floats on CIFAR-sized maps) into packed panels, which took longer than the GEMM;
/// the slab costs one transposing copy of the input instead. Output tiles (pixels × channels) are
/// written back to NCHW with bias, residual and activation applied. Where the plan holds the input
/// or the output channels-last (<see cref="ChannelsLastLayout"/>), the slab is filled by row
/// copies and tiles are stored as they are, without either transpose.
/// </summary>
internal sealed unsafe class ChannelsLastConvKernel : ICpuKernel
{
    /// <summary>Output pixels per task: enough tiles to amortise the slab, a slab that stays in L2.</summary>
    private const int TargetPixels = 128;
    private const int TileFloats = PixelTileKernel.Pixels * PixelTileKernel.Channels;

    private readonly WindowGeometry g;
    private readonly int m, mBlocks, k, runs, runLength, slabWidth, slabRows, imagesPerTask, rowsPerTask, tasksPerImage, tasks;
    private readonly long slabFloats;
    private readonly float* x, y, bias, residual;
    private readonly Activation act;
    private readonly ConvLayout layout;
    private readonly PinnedBuffer packedW;
    /// <summary>The bias padded with zeros to whole channel blocks (vector loads in the
    /// channels-last store); <see cref="bias"/> points into it when the convolution has one.</summary>
    private readonly PinnedBuffer blockBias;
    private readonly int[] runOffsets;
    private readonly Scratch scratch;
    private readonly Action<int, int> task;
    private readonly ContiguousTasks schedule;

    /// <summary>Any dense convolution on a machine with AVX-512 (grouped ones take the im2col path).</summary>
    public static bool Suits(int group) => group == 1 && PixelTileKernel.Supported;

    public ChannelsLastConvKernel(WindowGeometry g, int outChannels, float[] weights, float[]? biasData,
        Activation act, float* x, float* y, float* residual, CpuBindContext bind, ConvLayout layout = default)
    {
        this.g = g;
        m = outChannels;
        this.x = x; this.y = y; this.residual = residual; this.act = act; this.layout = layout;
        k = g.C * g.KH * g.KW;
        slabWidth = g.PaddedWidth;
        (runs, runLength, runOffsets) = Runs(g, slabWidth);
        mBlocks = (m + PixelTileKernel.Channels - 1) / PixelTileKernel.Channels;
        packedW = PackWeights(g, m, mBlocks, weights);
        blockBias = new PinnedBuffer((long)mBlocks * PixelTileKernel.Channels);
        biasData?.CopyTo(blockBias.Span);
        bias = biasData is null ? null : blockBias.Ptr;

        int plane = g.OutPlane;
        if (plane <= TargetPixels)
        {
            // Small maps: whole images per task, but enough tasks to keep every worker busy.
            imagesPerTask = Math.Clamp(TargetPixels / plane, 1, Math.Max(1, g.N / (4 * bind.Workers)));
            rowsPerTask = g.OH;
            tasksPerImage = 1;
            tasks = (g.N + imagesPerTask - 1) / imagesPerTask;
        }
        else
        {
            // Large maps: bands of output rows of one image.
            imagesPerTask = 1;
            rowsPerTask = Math.Max(1, TargetPixels / g.OW);
            tasksPerImage = (g.OH + rowsPerTask - 1) / rowsPerTask;
            tasks = g.N * tasksPerImage;
        }
        slabRows = (rowsPerTask - 1) * g.SH + (g.KH - 1) * g.DH + 1;
        slabFloats = Sgemm.RoundUp((int)Math.Min(int.MaxValue, (long)imagesPerTask * slabRows * slabWidth * g.C), 16);
        int pixels = imagesPerTask * rowsPerTask * g.OW;
        scratch = bind.Scratch;
        // Slab, one output tile, then two int tables (slab and output offsets per pixel).
        scratch.Request(slabFloats + TileFloats + 2L * (pixels + PixelTileKernel.Pixels));
        schedule = new ContiguousTasks(bind.Workers);
        task = RunTask;
    }

    /// <summary>Weights as [block of 32 output channels][ki][kj][c][32], zero past the last channel,
    /// in the order the runs walk the slab.</summary>
    private static PinnedBuffer PackWeights(WindowGeometry g, int m, int mBlocks, float[] w)
    {
        const int nr = PixelTileKernel.Channels;
        int taps = g.KH * g.KW, k = g.C * taps;
        var packed = new PinnedBuffer((long)mBlocks * k * nr);
        var dst = packed.Span;
        for (int o = 0; o < m; o++)
            for (int c = 0; c < g.C; c++)
                for (int t = 0; t < taps; t++)
                {
                    int step = t * g.C + c; // (ki, kj, c) order
                    dst[(int)(((long)(o / nr) * k + step) * nr + o % nr)] = w[((long)o * g.C + c) * taps + t];
                }
        return packed;
    }

    /// <summary>Undilated kernel rows are one run of KW·C floats each; dilated ones a run of C per tap.</summary>
    private static (int Runs, int Length, int[] Offsets) Runs(WindowGeometry g, int slabWidth)
    {
        if (g.DW == 1)
            return (g.KH, g.KW * g.C, Enumerable.Range(0, g.KH).Select(ki => ki * g.DH * slabWidth * g.C).ToArray());
        var offsets = new int[g.KH * g.KW];
        for (int ki = 0; ki < g.KH; ki++)
            for (int kj = 0; kj < g.KW; kj++)
                offsets[ki * g.KW + kj] = (ki * g.DH * slabWidth + kj * g.DW) * g.C;
        return (offsets.Length, g.C, offsets);
    }

    /// <summary>Bands of one image run in order on one core, since a band's slab shares rows with
    /// the next's (ResNet18's 56x56 3x3s 2-3 % faster than with bands handed out alternately).</summary>
    public void Execute() => schedule.Run(tasks, task);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunTask(int t, int worker)
    {
        int n0 = t / tasksPerImage * imagesPerTask, images = Math.Min(imagesPerTask, g.N - n0);
        int r0 = t % tasksPerImage * rowsPerTask, r1 = Math.Min(g.OH, r0 + rowsPerTask);
        float* slab = scratch.For(worker);
        float* tile = slab + slabFloats;
        int* pixelAt = (int*)(tile + TileFloats);
        int pixels = images * (r1 - r0) * g.OW;
        int* outAt = pixelAt + pixels + PixelTileKernel.Pixels;
        FillSlab(slab, n0, images, r0);
        ListPixels(n0, images, r0, r1, pixelAt, outAt);
        fixed (int* runAt = runOffsets)
            for (int mb = 0; mb < mBlocks; mb++)
            {
                float* w = packedW.Ptr + (long)mb * k * PixelTileKernel.Channels;
                for (int p = 0; p < pixels; p += PixelTileKernel.Pixels)
                {
                    if (residual != null) PrefetchResidual(outAt + p, Math.Min(PixelTileKernel.Pixels, pixels - p), mb * PixelTileKernel.Channels);
                    PixelTileKernel.Multiply(slab, pixelAt + p, runAt, runs, runLength, w, tile);
                    Store(tile, outAt + p, Math.Min(PixelTileKernel.Pixels, pixels - p), mb * PixelTileKernel.Channels);
                }
            }
    }

    /// <summary>
    /// Asks for the residual a tile's store will add while the tile is being multiplied: read
    /// in the store, it missed the caches and cost the ResNet layers that add it about 4 %.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PrefetchResidual(int* outAt, int count, int m0)
    {
        if (layout.Output)
            for (int r = 0; r < count; r++)
            {
                float* at = residual + outAt[r] + m0;
                Sse.Prefetch0(at);
                Sse.Prefetch0(at + 16);
            }
        else
        {
            int channels = Math.Min(PixelTileKernel.Channels, m - m0);
            for (int j = 0; j < channels; j++) Sse.Prefetch0(residual + outAt[0] + (long)(m0 + j) * g.OutPlane);
        }
    }

    /// <summary>Channels-last copy of the input rows that output rows [r0, r0 + rowsPerTask) of
    /// images n0.. read, zero where the window reaches into padding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillSlab(float* slab, int n0, int images, int r0)
    {
        int c = g.C, rowFloats = slabWidth * c, inner = g.W * c, left = g.PadLeft * c;
        int ih0 = r0 * g.SH - g.PadTop;
        for (int img = 0; img < images; img++)
            for (int s = 0; s < slabRows; s++)
            {
                int ih = ih0 + s;
                float* row = slab + ((long)img * slabRows + s) * rowFloats;
                if ((uint)ih >= (uint)g.H)
                {
                    new Span<float>(row, rowFloats).Clear();
                    continue;
                }
                // Only the borders need zeros: the copy below writes every input column.
                new Span<float>(row, left).Clear();
                new Span<float>(row + left + inner, rowFloats - left - inner).Clear();
                float* dst = row + left;
                if (layout.Input)
                {
                    long from = ((long)(n0 + img) * g.H + ih) * inner;
                    Buffer.MemoryCopy(x + from, dst, (long)inner * sizeof(float), (long)inner * sizeof(float));
                    continue;
                }
                // Row ih of every channel plane (C rows of W) to W pixels of C channels.
                Transpose8x8.Block(x + (long)(n0 + img) * c * g.InPlane + (long)ih * g.W, g.InPlane, dst, c, c, g.W);
            }
    }

    /// <summary>Per output pixel of the task: its first tap in the slab and its output offset in
    /// channel 0 (NCHW or channels-last). The last tile is padded with copies of the first pixel (computed, not stored).</summary>
    private void ListPixels(int n0, int images, int r0, int r1, int* pixelAt, int* outAt)
    {
        int i = 0;
        for (int img = 0; img < images; img++)
            for (int oh = r0; oh < r1; oh++)
                for (int ow = 0; ow < g.OW; ow++, i++)
                {
                    pixelAt[i] = ((img * slabRows + (oh - r0) * g.SH) * slabWidth + ow * g.SW) * g.C;
                    outAt[i] = layout.Output
                        ? (((n0 + img) * g.OH + oh) * g.OW + ow) * m
                        : ((n0 + img) * m * g.OH + oh) * g.OW + ow;
                }
        for (int pad = 0; pad < PixelTileKernel.Pixels; pad++) pixelAt[i + pad] = pixelAt[0];
    }

    /// <summary>Writes channels [m0, m0 + 32) of a tile's first <paramref name="count"/> pixels to NCHW.
    /// A full tile of consecutive output pixels (all but image ends and tails) is transposed to 8
    /// pixels per channel and finished with vectors; the rest goes element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Store(float* tile, int* outAt, int count, int m0)
    {
        if (layout.Output)
        {
            StoreChannelsLast(tile, outAt, count, m0);
            return;
        }
        int plane = g.OutPlane, channels = Math.Min(PixelTileKernel.Channels, m - m0);
        if (count == PixelTileKernel.Pixels && outAt[count - 1] - outAt[0] == count - 1 && Transpose8x8.Supported)
        {
            float* byChannel = stackalloc float[TileFloats];
            for (int j = 0; j < PixelTileKernel.Channels; j += 8)
                Transpose8x8.Copy(tile + j, PixelTileKernel.Channels, byChannel + j * 8, 8);
            for (int j = 0; j < channels; j++)
            {
                long at = outAt[0] + (long)(m0 + j) * plane;
                var v = Vector256.Load(byChannel + j * 8);
                if (bias != null) v += Vector256.Create(bias[m0 + j]);
                if (residual != null) v += Vector256.Load(residual + at);
                act.Apply(v).Store(y + at);
            }
            return;
        }
        for (int j = 0; j < channels; j++)
        {
            long channelOffset = (long)(m0 + j) * plane;
            float b = bias == null ? 0f : bias[m0 + j];
            for (int r = 0; r < count; r++)
            {
                long at = outAt[r] + channelOffset;
                float v = tile[r * PixelTileKernel.Channels + j] + b;
                if (residual != null) v += residual[at];
                y[at] = act.Apply(v);
            }
        }
    }

    /// <summary>Channels-last output: a tile row is 32 consecutive channels of one pixel, so it is
    /// stored as two vectors (masked in a last, partial channel block).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StoreChannelsLast(float* tile, int* outAt, int count, int m0)
    {
        int channels = Math.Min(PixelTileKernel.Channels, m - m0);
        var b0 = Vector512.Load(blockBias.Ptr + m0);
        var b1 = Vector512.Load(blockBias.Ptr + m0 + 16);
        if (channels == PixelTileKernel.Channels)
        {
            for (int r = 0; r < count; r++)
            {
                long at = outAt[r] + m0;
                var v0 = Vector512.Load(tile + r * PixelTileKernel.Channels) + b0;
                var v1 = Vector512.Load(tile + r * PixelTileKernel.Channels + 16) + b1;
                if (residual != null)
                {
                    v0 += Vector512.Load(residual + at);
                    v1 += Vector512.Load(residual + at + 16);
                }
                act.Apply(v0).Store(y + at);
                act.Apply(v1).Store(y + at + 16);
            }
            return;
        }
        var mask0 = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(channels)).AsSingle();
        var mask1 = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(channels - 16)).AsSingle();
        for (int r = 0; r < count; r++)
        {
            long at = outAt[r] + m0;
            var v0 = Vector512.Load(tile + r * PixelTileKernel.Channels) + b0;
            var v1 = Vector512.Load(tile + r * PixelTileKernel.Channels + 16) + b1;
            if (residual != null)
            {
                v0 += Avx512F.MaskLoad(residual + at, mask0, Vector512<float>.Zero);
                v1 += Avx512F.MaskLoad(residual + at + 16, mask1, Vector512<float>.Zero);
            }
            Avx512F.MaskStore(y + at, mask0, act.Apply(v0));
            Avx512F.MaskStore(y + at + 16, mask1, act.Apply(v1));
        }
    }
}
