namespace Grader.Inference.Operators;

/// <summary>
/// Kernel taps that only ever read padding multiply zeros: a 3×3 convolution with padding 1 on a
/// 1×1 map (ResNet's last stage on CIFAR-sized images) uses its centre tap alone. Trimming the
/// kernel to the rows and columns that reach the input for some output pixel gives the same
/// result with the padding offsets shifted, and skips up to 8/9 of that layer's work.
/// </summary>
internal static class DeadTaps
{
    /// <summary>The trimmed geometry and weights ([M][C/g][KH][KW] sliced), or the inputs unchanged when every tap is live.</summary>
    public static (WindowGeometry Geometry, float[] Weights) Trim(WindowGeometry g, int outChannels, int groups, float[] weights)
    {
        var (r0, r1) = LiveRange(g.KH, g.DH, g.SH, g.PadTop, g.H, g.OH);
        var (c0, c1) = LiveRange(g.KW, g.DW, g.SW, g.PadLeft, g.W, g.OW);
        // No live tap at all (cannot happen with valid pads): leave it to the general path.
        if (r0 > r1 || c0 > c1 || (r0 == 0 && r1 == g.KH - 1 && c0 == 0 && c1 == g.KW - 1)) return (g, weights);

        int kh = r1 - r0 + 1, kw = c1 - c0 + 1;
        int rows = outChannels * (g.C / groups);
        var trimmed = new float[rows * kh * kw];
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < kh; i++)
                Array.Copy(weights, ((long)r * g.KH + r0 + i) * g.KW + c0, trimmed, ((long)r * kh + i) * kw, kw);
        // Only the top/left offsets place the taps; OH and OW stay as they were.
        var geometry = g with
        {
            KH = kh, KW = kw,
            PadTop = g.PadTop - r0 * g.DH, PadLeft = g.PadLeft - c0 * g.DW,
            PadBottom = g.PadBottom - (g.KH - 1 - r1) * g.DH, PadRight = g.PadRight - (g.KW - 1 - c1) * g.DW,
        };
        return (geometry, trimmed);
    }

    /// <summary>First and last tap index along one axis that reads the input for at least one output position.</summary>
    private static (int First, int Last) LiveRange(int k, int dilation, int stride, int padBefore, int size, int outSize)
    {
        int first = k, last = -1;
        for (int t = 0; t < k; t++)
        {
            // Positions read by tap t: o * stride + t * dilation - padBefore for o in [0, outSize).
            int lo = t * dilation - padBefore, hi = (outSize - 1) * stride + lo;
            if (hi < 0 || lo >= size) continue;
            // Some o lands inside [0, size) unless the stride jumps over the whole input.
            int o = lo >= 0 ? 0 : (-lo + stride - 1) / stride;
            if (o >= outSize || o * stride + lo >= size) continue;
            first = Math.Min(first, t);
            last = t;
        }
        return (first, last);
    }
}
