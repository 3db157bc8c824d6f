namespace Grader.Datasets.Imaging;

/// <summary>The filters of Pillow's resize that courses use: BILINEAR (torchvision's Resize default on PIL images) and BICUBIC.</summary>
public enum PillowFilter
{
    Bilinear,
    Bicubic,
}

/// <summary>
/// Pillow's <c>Image.resize</c> of an 8-bit plane (libImaging/Resample.c, unchanged from Pillow 4
/// to 11 in what follows), which is what <c>torchvision.transforms.Resize</c> does to a PIL image.
/// The filter is stretched by the scale when downscaling, so every input pixel under it is
/// averaged (Pillow's antialiasing). Two passes, horizontal then vertical, each rounding to
/// uint8; a pass is skipped when its axis keeps its size. Per output index <c>d</c> of an axis
/// from <c>in</c> to <c>out</c>, in double: <c>scale = in / out</c>, <c>fs = max(scale, 1)</c>,
/// <c>support = filter support · fs</c>, <c>center = (d + 0.5) · scale</c>, taps
/// <c>xmin = max((int)(center − support + 0.5), 0)</c> up to <c>min((int)(center + support + 0.5), in)</c>,
/// weights <c>filter((x + xmin − center + 0.5) / fs)</c> divided by their sum, then fixed point
/// <c>(int)(w · 2²² ± 0.5)</c>; a pixel is <c>clamp((2²¹ + Σ p·w) &gt;&gt; 22, 0, 255)</c> in int32.
/// </summary>
internal static class PillowResample
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>The taps of one axis for output indices window .. window + count − 1 of a resize from <paramref name="inSize"/> to <paramref name="outSize"/>.</summary>
    public static void Compute(PillowFilter filter, int inSize, int outSize, int window, int count, ResampleAxis axis)
    {
        double support = filter == PillowFilter.Bicubic ? 2.0 : 1.0;
        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        support *= filterScale;
        int kSize = (int)Math.Ceiling(support) * 2 + 1;
        axis.Reset(count, kSize, identity: inSize == outSize);
        double inverse = 1.0 / filterScale;
        Span<double> k = stackalloc double[kSize];
        for (int i = 0; i < count; i++)
        {
            double center = (window + i + 0.5) * scale;
            int xmin = Math.Max((int)(center - support + 0.5), 0);
            int taps = Math.Min((int)(center + support + 0.5), inSize) - xmin;
            double sum = 0.0;
            for (int x = 0; x < taps; x++)
            {
                k[x] = Filter(filter, (x + xmin - center + 0.5) * inverse);
                sum += k[x];
            }
            var fixedPoint = axis.Weights(i);
            for (int x = 0; x < taps; x++)
            {
                double w = sum != 0.0 ? k[x] / sum : k[x];
                fixedPoint[x] = w < 0 ? (int)(-0.5 + w * (1 << PrecisionBits)) : (int)(0.5 + w * (1 << PrecisionBits));
            }
            axis.Start[i] = xmin;
            axis.Taps[i] = taps;
        }
    }

    private static double Filter(PillowFilter filter, double x)
    {
        x = Math.Abs(x);
        if (filter == PillowFilter.Bilinear) return x < 1.0 ? 1.0 - x : 0.0;
        const double a = -0.5;
        if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }

    /// <summary>
    /// Resamples the region of <paramref name="source"/> (rows of <paramref name="stride"/> bytes,
    /// the region starting at row <paramref name="y0"/>, column <paramref name="x0"/>) along the
    /// two axes into <paramref name="destination"/> (<paramref name="rows"/>.Count x <paramref name="columns"/>.Count).
    /// An identity axis maps output index i to input index window + i.
    /// </summary>
    public static void Apply(ReadOnlySpan<byte> source, int stride, int x0, int y0, ResampleAxis columns, int columnWindow,
        ResampleAxis rows, int rowWindow, Span<byte> destination, ResampleScratch scratch)
    {
        int outW = columns.Count, outH = rows.Count;
        var (first, last) = rows.InputRange(rowWindow);
        var temp = scratch.Bytes((last - first) * outW);
        for (int r = first; r < last; r++)
        {
            var input = source.Slice((y0 + r) * stride + x0);
            var line = temp.Slice((r - first) * outW, outW);
            if (columns.Identity)
            {
                input.Slice(columnWindow, outW).CopyTo(line);
                continue;
            }
            for (int c = 0; c < outW; c++)
            {
                var k = columns.Weights(c);
                int start = columns.Start[c], taps = columns.Taps[c];
                int sum = 1 << (PrecisionBits - 1);
                for (int x = 0; x < taps; x++) sum += input[start + x] * k[x];
                line[c] = Clip8(sum);
            }
        }
        for (int r = 0; r < outH; r++)
        {
            var output = destination.Slice(r * outW, outW);
            if (rows.Identity)
            {
                temp.Slice((rowWindow + r - first) * outW, outW).CopyTo(output);
                continue;
            }
            var k = rows.Weights(r);
            int start = rows.Start[r] - first, taps = rows.Taps[r];
            // Row by row over the taps (contiguous reads); the same integer sums as Pillow's column loop.
            var sums = scratch.Sums(outW);
            sums.Fill(1 << (PrecisionBits - 1));
            for (int y = 0; y < taps; y++)
            {
                var line = temp.Slice((start + y) * outW, outW);
                int w = k[y];
                for (int c = 0; c < outW; c++) sums[c] += line[c] * w;
            }
            for (int c = 0; c < outW; c++) output[c] = Clip8(sums[c]);
        }
    }

    private static byte Clip8(int sum) => (byte)Math.Clamp(sum >> PrecisionBits, 0, 255);
}

/// <summary>The taps of one axis of a separable resize: per output index the first input index,
/// the tap count and <see cref="KSize"/> weights (Pillow's fixed point, or floats for <see cref="AntialiasResample"/>).</summary>
internal sealed class ResampleAxis
{
    public int[] Start = [], Taps = [];
    private int[] weights = [];
    private float[] floatWeights = [];

    public int Count { get; private set; }
    public int KSize { get; private set; }
    /// <summary>The axis keeps its size: no pass along it.</summary>
    public bool Identity { get; private set; }

    public void Reset(int count, int kSize, bool identity)
    {
        (Count, KSize, Identity) = (count, kSize, identity);
        if (Start.Length < count)
        {
            Start = new int[count];
            Taps = new int[count];
        }
        if (weights.Length < count * kSize)
        {
            weights = new int[count * kSize];
            floatWeights = new float[count * kSize];
        }
    }

    public Span<int> Weights(int i) => weights.AsSpan(i * KSize, KSize);

    /// <summary>The input indices [First, Last) the outputs read (the window's own when the axis is an identity); the taps only move forward.</summary>
    public (int First, int Last) InputRange(int window) =>
        Identity ? (window, window + Count) : (Start[0], Start[Count - 1] + Taps[Count - 1]);
    public Span<float> FloatWeights(int i) => floatWeights.AsSpan(i * KSize, KSize);
}

/// <summary>Per-thread working memory of the resamplers: both axes and the intermediate image.</summary>
internal sealed class ResampleScratch
{
    private byte[] bytes = [];
    private float[] floats = [];
    private int[] sums = [];
    public ResampleAxis Columns { get; } = new();
    public ResampleAxis Rows { get; } = new();

    public Span<byte> Bytes(int length)
    {
        if (bytes.Length < length) bytes = new byte[length];
        return bytes.AsSpan(0, length);
    }

    public Span<int> Sums(int length)
    {
        if (sums.Length < length) sums = new int[length];
        return sums.AsSpan(0, length);
    }

    public Span<float> Floats(int length)
    {
        if (floats.Length < length) floats = new float[length];
        return floats.AsSpan(0, length);
    }
}
