using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cpu;

/// <summary>
/// Dense convolution with output pixels in vector lanes, for layers with few input channels and
/// rows of at least ~10 pixels (network stems, LeNet-sized nets): there K = C·KH·KW is too short
/// for a GEMM tile to amortise its packing or its output transpose, while a row of 16 pixels
/// times 8 output channels is one register tile whose result is already NCHW. Each task copies
/// the input rows of a band of output rows into zero-bordered rows; with stride s every row is
/// split into s column phases, so the pixels of every tap are contiguous for any stride.
/// </summary>
internal sealed unsafe class RowConvKernel : ICpuKernel
{
    /// <summary>Output pixels per task: whole small images, bands of rows of large ones.</summary>
    private const int TargetPixels = 1024;
    private const int Lanes = RowTileKernel.Lanes, Channels = RowTileKernel.Channels;

    private readonly WindowGeometry g;
    private readonly int m, mBlocks, taps, rowFloats, bandRows, rowsPerTask, tasksPerImage, vectorsPerRow, workers;
    private readonly long bandFloats;
    private readonly float* x, y, bias, residual, xEnd;
    private readonly Activation act;
    private readonly PinnedBuffer packedW;
    private readonly PinnedBuffer? biasPin;
    private readonly int[] tapAt;
    private readonly Scratch scratch;
    private readonly Action<int, int> task;

    /// <summary>Worth it where rows fill most of a 16-lane vector and K is short.</summary>
    public static bool Suits(WindowGeometry g, int group) =>
        RowTileKernel.Supported && group == 1 && g.OW >= 10 && g.C <= 16;

    public RowConvKernel(WindowGeometry g, int outChannels, float[] weights, float[]? biasData,
        Activation act, float* x, float* y, float* residual, CpuBindContext bind)
    {
        this.g = g;
        m = outChannels;
        this.x = x; this.y = y; this.residual = residual; this.act = act;
        xEnd = x + (long)g.N * g.C * g.InPlane;
        taps = g.C * g.KH * g.KW;
        mBlocks = (m + Channels - 1) / Channels;
        packedW = PackWeights(weights, m, mBlocks, taps);
        biasPin = PinnedBuffer.CopyOf(biasData);
        bias = biasPin is null ? null : biasPin.Ptr;

        rowsPerTask = Math.Clamp(TargetPixels / g.OW, 1, g.OH);
        tasksPerImage = (g.OH + rowsPerTask - 1) / rowsPerTask;
        bandRows = (rowsPerTask - 1) * g.SH + (g.KH - 1) * g.DH + 1;
        vectorsPerRow = (g.OW + Lanes - 1) / Lanes;
        // Padded columns per phase, plus room for the last vector of a row to read past its end.
        int padded = g.PaddedWidth;
        int phaseLength = Math.Max((padded + g.SW - 1) / g.SW, vectorsPerRow * Lanes + (g.KW - 1) * g.DW / g.SW);
        rowFloats = g.SW * phaseLength;
        bandFloats = (long)g.C * bandRows * rowFloats;
        tapAt = new int[taps];
        for (int c = 0, t = 0; c < g.C; c++)
            for (int ki = 0; ki < g.KH; ki++)
                for (int kj = 0; kj < g.KW; kj++, t++)
                {
                    int column = kj * g.DW;
                    tapAt[t] = (c * bandRows + ki * g.DH) * rowFloats + column % g.SW * phaseLength + column / g.SW;
                }
        scratch = bind.Scratch;
        scratch.Request(bandFloats + RowTileKernel.Vectors * Lanes * Channels);
        workers = bind.Workers;
        task = RunTask;
    }

    /// <summary>Weights as [block of 8 output channels][c][ki][kj][8], zero past the last channel.</summary>
    private static PinnedBuffer PackWeights(float[] w, int m, int mBlocks, int taps)
    {
        var packed = new PinnedBuffer((long)mBlocks * taps * Channels);
        var dst = packed.Span;
        for (int o = 0; o < m; o++)
            for (int t = 0; t < taps; t++)
                dst[(o / Channels * taps + t) * Channels + o % Channels] = w[(long)o * taps + t];
        return packed;
    }

    public void Execute() => CpuParallel.For(g.N * tasksPerImage, workers, task);

    /// <summary>Scratch floats one <see cref="ComputeRows"/> call works in (the band and the accumulators).</summary>
    internal long WorkFloats => bandFloats + RowTileKernel.Vectors * Lanes * Channels;

    /// <summary>Most output rows one <see cref="ComputeRows"/> call takes.</summary>
    internal int RowsPerBand => rowsPerTask;

    private void RunTask(int t, int worker)
    {
        int n = t / tasksPerImage, r0 = t % tasksPerImage * rowsPerTask, r1 = Math.Min(g.OH, r0 + rowsPerTask);
        ComputeRows(n, r0, r1, y + (long)n * m * g.OutPlane + (long)r0 * g.OW, g.OutPlane, scratch.For(worker));
    }

    /// <summary>
    /// Output rows [r0, r1) (at most <see cref="RowsPerBand"/>) of image n into <paramref name="dst"/>:
    /// row r of channel j at dst + j·channelStride + (r − r0)·OW, so a caller may keep rows in a
    /// buffer of its own (<see cref="ConvMaxPoolKernel"/>). A residual is read where dst lies in the output.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void ComputeRows(int n, int r0, int r1, float* dst, long channelStride, float* work)
    {
        float* band = work;
        var acc = (Vector512<float>*)(band + bandFloats);
        FillBand(band, n, r0);
        int vectors = (r1 - r0) * vectorsPerRow;
        fixed (int* tapPtr = tapAt)
            for (int mb = 0; mb < mBlocks; mb++)
            {
                float* w = packedW.Ptr + (long)mb * taps * Channels;
                for (int v = 0; v < vectors; v += RowTileKernel.Vectors)
                {
                    // A short last group repeats its last vector and stores it once.
                    int v1 = Math.Min(v + 1, vectors - 1), v2 = Math.Min(v + 2, vectors - 1);
                    RowTileKernel.Multiply(band, BandOffset(v), BandOffset(v1), BandOffset(v2), tapPtr, taps, w, acc);
                    Store(acc, dst, channelStride, r0, r1, v, mb);
                    if (v1 != v) Store(acc + Channels, dst, channelStride, r0, r1, v1, mb);
                    if (v2 != v1) Store(acc + 2 * Channels, dst, channelStride, r0, r1, v2, mb);
                }
            }
    }

    /// <summary>Where vector v of the task (row v / vectorsPerRow, lanes from 16·(v % vectorsPerRow)) reads its first tap.</summary>
    private long BandOffset(int v) => (long)(v / vectorsPerRow) * g.SH * rowFloats + v % vectorsPerRow * Lanes;

    /// <summary>Input rows of output rows [r0, r0 + rowsPerTask), zero-bordered, each split into
    /// SW column phases (padded column p goes to phase p % SW at p / SW).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillBand(float* band, int n, int r0)
    {
        new Span<float>(band, (int)bandFloats).Clear();
        int ih0 = r0 * g.SH - g.PadTop, phaseLength = rowFloats / g.SW;
        for (int c = 0; c < g.C; c++)
            for (int s = 0; s < bandRows; s++)
            {
                int ih = ih0 + s;
                if ((uint)ih >= (uint)g.H) continue;
                float* src = x + ((long)n * g.C + c) * g.InPlane + (long)ih * g.W;
                float* row = band + ((long)c * bandRows + s) * rowFloats;
                if (g.SW == 1) CopyRow(src, row + g.PadLeft);
                else SplitRow(src, row, phaseLength);
            }
    }

    /// <summary>
    /// One input row into the band: whole vectors, the last one blended with zeros, since its
    /// lanes past the row land on the band row's right border, which must stay zero. A call to
    /// Buffer.MemoryCopy per row of 14 floats cost about a sixth of the Fashion CNN's conv2.
    /// Where a vector would read past the input tensor or write past the band row, plain copies.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CopyRow(float* src, float* dst)
    {
        int full = g.W & ~(Lanes - 1), tail = g.W - full;
        if (tail == 0 || (src + full + Lanes <= xEnd && g.PadLeft + full + Lanes <= rowFloats))
        {
            for (int i = 0; i < full; i += Lanes) Vector512.Load(src + i).Store(dst + i);
            if (tail > 0)
                Vector512.ConditionalSelect(Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(tail)).AsSingle(),
                    Vector512.Load(src + full), Vector512<float>.Zero).Store(dst + full);
        }
        else Buffer.MemoryCopy(src, dst, g.W * sizeof(float), g.W * sizeof(float));
    }

    /// <summary>
    /// One input row into the band's SW column phases: padded column p = iw + PadLeft goes to
    /// phase p % SW at p / SW. Stride 2 (every stem) takes 32 columns per step, split into even
    /// and odd lanes by two permutes; the rest walks phase and index along without dividing (a
    /// division per pixel cost as much as the 7x7/2 stem's arithmetic).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SplitRow(float* src, float* row, int phaseLength)
    {
        int iw = 0;
        if (g.SW == 2)
        {
            var even = Vector512<int>.Indices * 2;
            var odd = even + Vector512<int>.One;
            // Even input columns land in phase PadLeft % 2, odd ones in the other.
            float* evenTo = row + (g.PadLeft & 1) * phaseLength + g.PadLeft / 2;
            float* oddTo = row + (~g.PadLeft & 1) * phaseLength + (g.PadLeft + 1) / 2;
            for (; iw + 2 * Lanes <= g.W; iw += 2 * Lanes)
            {
                var a = Vector512.Load(src + iw);
                var b = Vector512.Load(src + iw + Lanes);
                Avx512F.PermuteVar16x32x2(a, even, b).Store(evenTo + iw / 2);
                Avx512F.PermuteVar16x32x2(a, odd, b).Store(oddTo + iw / 2);
            }
        }
        int p = iw + g.PadLeft, phase = p % g.SW, at = p / g.SW;
        for (; iw < g.W; iw++)
        {
            row[phase * phaseLength + at] = src[iw];
            if (++phase == g.SW)
            {
                phase = 0;
                at++;
            }
        }
    }

    /// <summary>Channels [8·mb, 8·mb + 8) of pixel vector v: bias, residual, activation. Lanes
    /// past a row's end spill into the next row, whose first vector is stored after this one and
    /// overwrites them; only the task's last row, followed by another task's, is stored masked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Store(Vector512<float>* acc, float* dst, long channelStride, int r0, int r1, int v, int mb)
    {
        int oh = r0 + v / vectorsPerRow, ow = v % vectorsPerRow * Lanes;
        int lanes = oh < r1 - 1 ? Lanes : Math.Min(Lanes, g.OW - ow);
        var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(lanes)).AsSingle();
        int m0 = mb * Channels, channels = Math.Min(Channels, m - m0);
        long at = m0 * channelStride + (long)(oh - r0) * g.OW + ow;
        float* res = residual == null ? null : residual + (dst - y);
        for (int j = 0; j < channels; j++, at += channelStride)
        {
            var r = acc[j];
            if (bias != null) r += Vector512.Create(bias[m0 + j]);
            // Masked moves cost several plain ones here: only for the task's last, partial vector.
            if (lanes == Lanes)
            {
                if (res != null) r += Vector512.Load(res + at);
                act.Apply(r).Store(dst + at);
            }
            else
            {
                if (res != null) r += Avx512F.MaskLoad(res + at, mask, Vector512<float>.Zero);
                Avx512F.MaskStore(dst + at, mask, act.Apply(r));
            }
        }
    }
}
