namespace Grader.Datasets.Imaging;

/// <summary>
/// PyTorch's antialiased bilinear resize of a float plane, <c>F.interpolate(x, size, mode="bilinear",
/// antialias=True, align_corners=False)</c>, which is torchvision's <c>Resize(antialias=True)</c> on a
/// tensor: Pillow's stretched triangle filter (see <see cref="PillowResample"/>) in float32, without
/// the fixed point and without rounding to uint8 between or after the passes (horizontal first).
/// Per output index <c>d</c>, in float32: <c>scale = in / out</c>, <c>support = scale ≥ 1 ? scale : 1</c>,
/// <c>center = scale · (d + 0.5)</c>, taps <c>xmin = max((int)(center − support + 0.5), 0)</c> up to
/// <c>min((int)(center + support + 0.5), in)</c>, weights <c>triangle((x + xmin − center + 0.5) / max(scale, 1))</c>
/// divided by their sum.
/// </summary>
internal static class AntialiasResample
{
    public static void Compute(int inSize, int outSize, int window, int count, ResampleAxis axis)
    {
        float scale = (float)inSize / outSize;
        float support = scale >= 1f ? scale : 1f;
        float inverse = scale >= 1f ? 1f / scale : 1f;
        axis.Reset(count, (int)MathF.Ceiling(support) * 2 + 1, identity: inSize == outSize);
        for (int i = 0; i < count; i++)
        {
            float center = scale * (window + i + 0.5f);
            int xmin = Math.Max((int)(center - support + 0.5f), 0);
            int taps = Math.Min((int)(center + support + 0.5f), inSize) - xmin;
            var w = axis.FloatWeights(i);
            float total = 0f;
            for (int x = 0; x < taps; x++)
            {
                float t = MathF.Abs((x + xmin - center + 0.5f) * inverse);
                w[x] = t < 1f ? 1f - t : 0f;
                total += w[x];
            }
            if (total != 0f)
                for (int x = 0; x < taps; x++) w[x] /= total;
            axis.Start[i] = xmin;
            axis.Taps[i] = taps;
        }
    }

    /// <summary>
    /// Resamples a region of <paramref name="source"/> (values through <paramref name="lut"/>, rows of
    /// <paramref name="stride"/>, from row <paramref name="y0"/>, column <paramref name="x0"/>) into
    /// <paramref name="destination"/>, as <see cref="PillowResample.Apply"/> lays it out.
    /// </summary>
    public static void Apply(ReadOnlySpan<byte> source, ReadOnlySpan<float> lut, int stride, int x0, int y0, ResampleAxis columns,
        int columnWindow, ResampleAxis rows, int rowWindow, Span<float> destination, ResampleScratch scratch)
    {
        int outW = columns.Count, outH = rows.Count;
        var (first, last) = rows.InputRange(rowWindow);
        var temp = scratch.Floats((last - first) * outW);
        for (int r = first; r < last; r++)
        {
            var input = source.Slice((y0 + r) * stride + x0);
            var line = temp.Slice((r - first) * outW, outW);
            for (int c = 0; c < outW; c++)
            {
                if (columns.Identity)
                {
                    line[c] = lut[input[columnWindow + c]];
                    continue;
                }
                var k = columns.FloatWeights(c);
                int start = columns.Start[c], taps = columns.Taps[c];
                float sum = lut[input[start]] * k[0];
                for (int x = 1; x < taps; x++) sum += lut[input[start + x]] * k[x];
                line[c] = sum;
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
            var k = rows.FloatWeights(r);
            int start = rows.Start[r] - first, taps = rows.Taps[r];
            // Row by row over the taps (contiguous reads), each column summed in the same order.
            var first0 = temp.Slice(start * outW, outW);
            for (int c = 0; c < outW; c++) output[c] = first0[c] * k[0];
            for (int y = 1; y < taps; y++)
            {
                var line = temp.Slice((start + y) * outW, outW);
                float w = k[y];
                for (int c = 0; c < outW; c++) output[c] += line[c] * w;
            }
        }
    }
}
