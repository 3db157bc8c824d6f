namespace Grader.Inference.Operators;

/// <summary>Concrete 2D sliding-window geometry (1D windows use H = KH = 1) shared by Conv and pooling.</summary>
internal sealed record WindowGeometry(
    int N, int C, int H, int W,
    int KH, int KW, int SH, int SW, int DH, int DW,
    int PadTop, int PadLeft, int PadBottom, int PadRight,
    int OH, int OW)
{
    public int InPlane => H * W;
    public int OutPlane => OH * OW;
    /// <summary>Columns of the zero-bordered input that every tap of every output lands in (ceil-mode overhang included).</summary>
    public int PaddedWidth => Math.Max(PadLeft + W, (OW - 1) * SW + (KW - 1) * DW + 1);
    /// <summary>Rows of the zero-bordered input that every tap of every output lands in.</summary>
    public int PaddedHeight => Math.Max(PadTop + H, (OH - 1) * SH + (KH - 1) * DH + 1);
}

/// <summary>Parsed window attributes (kernel, strides, dilations, pads, auto_pad, ceil_mode).</summary>
internal sealed record WindowAttributes(int[]? KernelShape, int[]? Strides, int[]? Dilations, int[]? Pads, string AutoPad, bool CeilMode)
{
    public static WindowAttributes Parse(Onnx.NodeAttributes a, string node, bool allowCeil)
    {
        string autoPad = a.String("auto_pad", "NOTSET");
        if (autoPad is not ("NOTSET" or "SAME_UPPER" or "SAME_LOWER" or "VALID"))
            throw new ModelLoadException($"node {node}: unknown auto_pad '{autoPad}'");
        bool ceil = a.Int("ceil_mode", 0) != 0;
        if (ceil && !allowCeil) throw new ModelLoadException($"node {node}: ceil_mode is not valid here");
        return new WindowAttributes(a.SmallInts("kernel_shape", 1, 1 << 16), a.SmallInts("strides", 1, 1 << 16),
            a.SmallInts("dilations", 1, 1 << 16), a.SmallInts("pads", 0, 1 << 16), autoPad, ceil);
    }

    /// <summary>Resolves against an NCHW (or NCW) input and the kernel's spatial size.</summary>
    public WindowGeometry Resolve(int[] x, int kh, int kw, string node)
    {
        if (x.Length is not (3 or 4))
            throw new ModelLoadException($"node {node}: only 1D and 2D windows (rank 3 or 4 inputs) are supported, got input {Graph.ShapeMath.Format(x)}");
        int spatial = x.Length - 2;
        int h = spatial == 2 ? x[2] : 1, w = x[^1];
        int[] Pick(int[]? v, int fallback, int count) =>
            v is null ? Enumerable.Repeat(fallback, count).ToArray()
            : v.Length == count ? v
            : throw new ModelLoadException($"node {node}: expected {count} values in a window attribute, got {v.Length}");
        var s = Pick(Strides, 1, spatial);
        var d = Pick(Dilations, 1, spatial);
        var p = Pick(Pads, 0, 2 * spatial);
        if (spatial == 1) { s = [1, s[0]]; d = [1, d[0]]; p = [0, p[0], 0, p[1]]; }
        var (oh, pt, pb) = Axis(h, kh, s[0], d[0], p[0], p[2], node);
        var (ow, pl, pr) = Axis(w, kw, s[1], d[1], p[1], p[3], node);
        return new WindowGeometry(x[0], x[1], h, w, kh, kw, s[0], s[1], d[0], d[1], pt, pl, pb, pr, oh, ow);
    }

    private (int Out, int Begin, int End) Axis(int input, int kernel, int stride, int dilation, int begin, int end, string node)
    {
        int ek = (kernel - 1) * dilation + 1;
        int output;
        switch (AutoPad)
        {
            case "SAME_UPPER":
            case "SAME_LOWER":
                {
                    output = (input + stride - 1) / stride;
                    int total = Math.Max(0, (output - 1) * stride + ek - input);
                    begin = AutoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                    end = total - begin;
                    break;
                }
            case "VALID":
                begin = end = 0;
                if (input < ek) throw new ModelLoadException($"node {node}: window of {ek} is larger than input {input}");
                output = (input - ek) / stride + 1;
                break;
            default:
                {
                    long span = (long)input + begin + end - ek;
                    if (span < 0) throw new ModelLoadException($"node {node}: window of {ek} is larger than padded input {input + begin + end}");
                    output = (int)(CeilMode ? (span + stride - 1) / stride + 1 : span / stride + 1);
                    // PyTorch's rule: the last window must start inside the input or left padding.
                    if (CeilMode && (long)(output - 1) * stride >= input + begin) output--;
                    break;
                }
        }
        if (output <= 0) throw new ModelLoadException($"node {node}: output size would be {output}");
        return (output, begin, end);
    }
}
