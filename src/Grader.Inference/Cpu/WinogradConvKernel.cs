using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cpu;

/// <summary>
/// A 3x3, stride 1 convolution between channels-last activations by Winograd's F(2x2, 3x3)
/// (<see cref="WinogradF2x3"/>): 2.25 times fewer multiplications than the direct sum, the bulk
/// of a ResNet's arithmetic (ResNet18's 3x3s at 224x224 ran 1.4-1.8 times as fast as on
/// <see cref="ChannelsLastConvKernel"/>). A task takes consecutive 2x2 output tiles (16, up to 128
/// where the filters outgrow L2; across images where maps are small): it transforms their 4x4 input patches to 16 points × C channels
/// each, runs 16 small matrix products (tiles × C against C × M) on <see cref="PixelTileKernel"/>
/// (one "pixel" per tile, one run of C channels) against the transformed filters, and turns each
/// tile's 16 products back into 2x2 output pixels with bias, residual and activation.
/// </summary>
internal sealed unsafe class WinogradConvKernel : ICpuKernel
{
    private const int Points = WinogradF2x3.Points;
    private const int Channels = PixelTileKernel.Channels, Pixels = PixelTileKernel.Pixels;

    /// <summary>Tiles per task where the transformed filters stay in L2 (ResNet18's 64-channel 3x3s:
    /// 16, 32 and 64 alike), and the most for larger filters.</summary>
    private const int FewestTilesPerTask = 2 * Pixels, MostTilesPerTask = 16 * Pixels;
    private const long L2FilterBytes = 512 * 1024;

    private readonly WindowGeometry g;
    private readonly int m, mBlocks, c, tilesH, tilesW, tilesPerImage, tilesPerTask, tasks;
    /// <summary>Floats between two tiles' transformed patches (16 points × C, plus a cache line so
    /// the 8 tiles a register tile reads do not all fall in one L1 set), and between two
    /// [point][output block] product blocks.</summary>
    private readonly int patchStride;
    private readonly long productFloats;
    private readonly float* x, y, bias, residual;
    private readonly Activation act;
    /// <summary>Transformed filters as [point][block of 32 output channels][c][32].</summary>
    private readonly PinnedBuffer filters;
    private readonly PinnedBuffer? biasPin;
    private readonly Scratch scratch;
    private readonly Action<int, int> task;
    private readonly ContiguousTasks schedule;

    /// <summary>A convolution <see cref="SuitsGeometry"/> takes, between channels-last activations.</summary>
    public static bool Suits(WindowGeometry g, int group, int outChannels, ConvLayout layout) =>
        layout.Input && layout.Output && SuitsGeometry(g, group, outChannels);

    /// <summary>3x3, stride 1, undilated, dense, on whole 16-float vectors of input channels and
    /// whole register tiles of output channels. 16 input channels is enough: the Fashion-MNIST
    /// CNN's 16-to-32 conv2 ran 1.2 times the model's speed by it.</summary>
    public static bool SuitsGeometry(WindowGeometry g, int group, int outChannels) =>
        PixelTileKernel.Supported && group == 1
        && g.KH == 3 && g.KW == 3 && g.SH == 1 && g.SW == 1 && g.DH == 1 && g.DW == 1
        && g.C % 16 == 0 && outChannels % Channels == 0;

    public WinogradConvKernel(WindowGeometry g, int outChannels, float[] weights, float[]? biasData,
        Activation act, float* x, float* y, float* residual, CpuBindContext bind)
    {
        this.g = g;
        m = outChannels;
        c = g.C;
        this.x = x; this.y = y; this.residual = residual; this.act = act;
        mBlocks = m / Channels;
        filters = TransformFilters(weights, m, c, mBlocks);
        biasPin = PinnedBuffer.CopyOf(biasData);
        bias = biasPin is null ? null : biasPin.Ptr;

        tilesH = (g.OH + 1) / 2;
        tilesW = (g.OW + 1) / 2;
        tilesPerImage = tilesH * tilesW;
        long allTiles = (long)g.N * tilesPerImage;
        tilesPerTask = TilesPerTask(16L * c * m * sizeof(float), allTiles, bind.Workers);
        tasks = (int)((allTiles + tilesPerTask - 1) / tilesPerTask);
        patchStride = Points * c + 16;
        productFloats = (long)tilesPerTask * Channels + 16;
        scratch = bind.Scratch;
        // Transformed patches, 16 × mBlocks product blocks, a patch's rows (16 vectors), tile offsets.
        scratch.Request((long)tilesPerTask * patchStride + Points * mBlocks * productFloats + Points * 16 + tilesPerTask + 16);
        schedule = new ContiguousTasks(bind.Workers);
        task = RunTask;
    }

    /// <summary>
    /// A task streams all transformed filters through the cache once, so tasks grow with filters
    /// that outgrow L2 (ResNet18's 512-channel 3x3s, 16 MiB of them: 6.7-6.9 ms with 128 tiles per
    /// task against 9.1-9.9 with 16), as long as every worker still gets one.
    /// </summary>
    private static int TilesPerTask(long filterBytes, long allTiles, int workers)
    {
        long target = Math.Clamp(FewestTilesPerTask * filterBytes / L2FilterBytes, FewestTilesPerTask, MostTilesPerTask);
        long perWorker = (allTiles + workers - 1) / Math.Max(1, workers);
        return (int)Math.Max(Pixels, Math.Min(target, (perWorker + Pixels - 1) / Pixels * Pixels)) / Pixels * Pixels;
    }

    private static PinnedBuffer TransformFilters(float[] w, int m, int c, int mBlocks)
    {
        var packed = new PinnedBuffer((long)Points * mBlocks * c * Channels);
        var dst = packed.Span;
        Span<float> u = stackalloc float[Points];
        for (int o = 0; o < m; o++)
            for (int ci = 0; ci < c; ci++)
            {
                WinogradF2x3.TransformFilter(w.AsSpan(((o * c) + ci) * 9, 9), u);
                for (int p = 0; p < Points; p++)
                    dst[(int)((((long)p * mBlocks + o / Channels) * c + ci) * Channels + o % Channels)] = u[p];
            }
        return packed;
    }

    public void Execute() => schedule.Run(tasks, task);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunTask(int t, int worker)
    {
        long first = (long)t * tilesPerTask;
        int count = (int)Math.Min(tilesPerTask, (long)g.N * tilesPerImage - first);
        float* patches = scratch.For(worker);
        float* products = patches + (long)tilesPerTask * patchStride;
        var rows = (Vector512<float>*)(products + Points * mBlocks * productFloats);
        int* tileAt = (int*)(rows + Points);
        for (int i = 0; i < tilesPerTask; i++) tileAt[i] = i < count ? i * patchStride : 0;
        int run0 = 0;

        for (int i = 0; i < count; i++) TransformInput(first + i, patches + (long)i * patchStride, rows);
        for (int p = 0; p < Points; p++)
            for (int mb = 0; mb < mBlocks; mb++)
            {
                float* w = filters.Ptr + ((long)p * mBlocks + mb) * c * Channels;
                float* product = products + ((long)p * mBlocks + mb) * productFloats;
                for (int i = 0; i < count; i += Pixels)
                    PixelTileKernel.Multiply(patches + p * c, tileAt + i, &run0, 1, c, w, product + (long)i * Channels);
            }
        for (int i = 0; i < count; i++) TransformOutput(first + i, products + (long)i * Channels);
    }

    /// <summary>Bᵀ d B of tile <paramref name="tile"/>'s 4x4 input patch, 16 channels at a time,
    /// as [point][channel] at <paramref name="at"/> (zeros where the patch leaves the image).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void TransformInput(long tile, float* at, Vector512<float>* rows)
    {
        int n = (int)(tile / tilesPerImage), r = (int)(tile % tilesPerImage);
        int ih0 = r / tilesW * 2 - g.PadTop, iw0 = r % tilesW * 2 - g.PadLeft;
        bool inside = ih0 >= 0 && ih0 + 4 <= g.H && iw0 >= 0 && iw0 + 4 <= g.W;
        float* patch = x + (((long)n * g.H + ih0) * g.W + iw0) * c;
        long rowStride = (long)g.W * c;
        for (int c0 = 0; c0 < c; c0 += 16)
        {
            for (int i = 0; i < 4; i++)
            {
                float* src = patch + i * rowStride + c0;
                Vector512<float> d0, d1, d2, d3;
                if (inside)
                {
                    d0 = Vector512.Load(src); d1 = Vector512.Load(src + c); d2 = Vector512.Load(src + 2 * c); d3 = Vector512.Load(src + 3 * c);
                }
                else
                {
                    bool row = (uint)(ih0 + i) < (uint)g.H;
                    d0 = row && (uint)iw0 < (uint)g.W ? Vector512.Load(src) : default;
                    d1 = row && (uint)(iw0 + 1) < (uint)g.W ? Vector512.Load(src + c) : default;
                    d2 = row && (uint)(iw0 + 2) < (uint)g.W ? Vector512.Load(src + 2 * c) : default;
                    d3 = row && (uint)(iw0 + 3) < (uint)g.W ? Vector512.Load(src + 3 * c) : default;
                }
                WinogradF2x3.InputPoints(ref d0, ref d1, ref d2, ref d3);
                rows[i * 4] = d0; rows[i * 4 + 1] = d1; rows[i * 4 + 2] = d2; rows[i * 4 + 3] = d3;
            }
            for (int j = 0; j < 4; j++)
            {
                Vector512<float> v0 = rows[j], v1 = rows[4 + j], v2 = rows[8 + j], v3 = rows[12 + j];
                WinogradF2x3.InputPoints(ref v0, ref v1, ref v2, ref v3);
                v0.Store(at + j * c + c0);
                v1.Store(at + (4 + j) * c + c0);
                v2.Store(at + (8 + j) * c + c0);
                v3.Store(at + (12 + j) * c + c0);
            }
        }
    }

    /// <summary>Aᵀ m A of one tile's 16 products, per 16 output channels, with bias, residual and
    /// activation, into the 2x2 output pixels that lie inside the map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void TransformOutput(long tile, float* product)
    {
        int n = (int)(tile / tilesPerImage), r = (int)(tile % tilesPerImage);
        int oh = r / tilesW * 2, ow = r % tilesW * 2;
        bool down = oh + 1 < g.OH, right = ow + 1 < g.OW;
        long at00 = (((long)n * g.OH + oh) * g.OW + ow) * m, rowStride = (long)g.OW * m;
        long pointStride = mBlocks * productFloats;
        for (int mb = 0; mb < mBlocks; mb++)
            for (int half = 0; half < Channels; half += 16)
            {
                float* q = product + mb * productFloats + half;
                // Rows of Aᵀ m: s0j, s1j for columns j.
                var (s00, s10) = WinogradF2x3.OutputPoints(Vector512.Load(q), Vector512.Load(q + 4 * pointStride), Vector512.Load(q + 8 * pointStride), Vector512.Load(q + 12 * pointStride));
                var (s01, s11) = WinogradF2x3.OutputPoints(Vector512.Load(q + pointStride), Vector512.Load(q + 5 * pointStride), Vector512.Load(q + 9 * pointStride), Vector512.Load(q + 13 * pointStride));
                var (s02, s12) = WinogradF2x3.OutputPoints(Vector512.Load(q + 2 * pointStride), Vector512.Load(q + 6 * pointStride), Vector512.Load(q + 10 * pointStride), Vector512.Load(q + 14 * pointStride));
                var (s03, s13) = WinogradF2x3.OutputPoints(Vector512.Load(q + 3 * pointStride), Vector512.Load(q + 7 * pointStride), Vector512.Load(q + 11 * pointStride), Vector512.Load(q + 15 * pointStride));
                var (y00, y01) = WinogradF2x3.OutputPoints(s00, s01, s02, s03);
                var (y10, y11) = WinogradF2x3.OutputPoints(s10, s11, s12, s13);
                int channel = mb * Channels + half;
                var b = bias == null ? Vector512<float>.Zero : Vector512.Load(bias + channel);
                long at = at00 + channel;
                Finish(y00 + b, at);
                if (right) Finish(y01 + b, at + m);
                if (down)
                {
                    Finish(y10 + b, at + rowStride);
                    if (right) Finish(y11 + b, at + rowStride + m);
                }
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Finish(Vector512<float> v, long at)
    {
        if (residual != null) v += Vector512.Load(residual + at);
        act.Apply(v).Store(y + at);
    }
}
