namespace Grader.Inference.Checkpoints.Architectures;

/// <summary>MaxPool2d, AvgPool2d and AdaptiveAvgPool2d, with PyTorch's output sizes.</summary>
internal static class PoolingLayers
{
    public static Flow Build(NetworkBuilder b, Flow x, LayerArgs a, string m) =>
        a.Type == "AdaptiveAvgPool2d" ? Adaptive(b, x, a, m) : Window(b, x, a, m);

    private static Flow Window(NetworkBuilder b, Flow x, LayerArgs a, string m)
    {
        var kernel = a.Size("kernel_size");
        var stride = a.Size("stride", kernel);   // PyTorch: the stride defaults to the kernel size
        var padding = a.Size("padding", (0, 0));
        bool ceil = a.Bool("ceil_mode", false);
        bool max = a.Type == "MaxPool2d";
        if (max)
        {
            a.Require(a.Size("dilation", (1, 1)) == (1, 1), "dilation other than 1 is not supported");
            a.Require(!a.Bool("return_indices", false), "return_indices=True returns a tuple, which a layer list cannot pass on");
        }
        if (Math.Min(Math.Min(kernel.H, kernel.W), Math.Min(stride.H, stride.W)) < 1 || padding.H < 0 || padding.W < 0
            || 2 * padding.H > kernel.H || 2 * padding.W > kernel.W)
            throw new ModelLoadException($"layer {m} ({a.Type}): kernel_size and stride must be at least 1, padding at most half the kernel");
        var (c, h, w) = x.Image(m, a.Type);
        var y = max
            ? b.Pool("MaxPool", x.Name, m, kernel, stride, padding, ceil)
            : b.Pool("AveragePool", x.Name, m, kernel, stride, padding, ceil,
                ("count_include_pad", a.Bool("count_include_pad", true) ? 1L : 0L));   // torch's default differs from ONNX's
        return new Flow(y, [c, ParametricLayers.Out(h, kernel.H, stride.H, padding.H, 1, ceil, m), ParametricLayers.Out(w, kernel.W, stride.W, padding.W, 1, ceil, m)]);
    }

    /// <summary>
    /// Output bin i of n inputs into o outputs averages inputs floor(i·n/o) up to ceil((i+1)·n/o), as
    /// PyTorch's adaptive_avg_pool2d does. Size 1 is a global average; when the input divides evenly
    /// it is an ordinary average pool; otherwise each axis is a product with its (n x o) averaging matrix.
    /// </summary>
    private static Flow Adaptive(NetworkBuilder b, Flow x, LayerArgs a, string m)
    {
        var (oh, ow) = a.Size("output_size");
        if (oh < 1 || ow < 1) throw new ModelLoadException($"layer {m} (AdaptiveAvgPool2d): output_size must be at least 1");
        var (c, h, w) = x.Image(m, "AdaptiveAvgPool2d");
        if ((oh, ow) == (1, 1)) return new Flow(b.Node("GlobalAveragePool", m, [x.Name]), [c, 1, 1]);
        if (h < 0 || w < 0)
            throw new ModelLoadException($"layer {m} (AdaptiveAvgPool2d): pooling to {oh}x{ow} needs the input image size, which is not known here");
        if (h % oh == 0 && w % ow == 0)
            return new Flow(b.Pool("AveragePool", x.Name, m, (h / oh, w / ow), (h / oh, w / ow), (0, 0), false), [c, oh, ow]);
        // (.., H, W) @ Pw -> (.., H, ow); transposed, @ Ph -> (.., ow, oh); transposed back.
        var across = b.Node("MatMul", m, [x.Name, b.Constant(Bins(w, ow), w, ow)]);
        var down = b.Node("MatMul", m, [b.Node("Transpose", m, [across], ("perm", new long[] { 0, 1, 3, 2 })), b.Constant(Bins(h, oh), h, oh)]);
        return new Flow(b.Node("Transpose", m, [down], ("perm", new long[] { 0, 1, 3, 2 })), [c, oh, ow]);
    }

    /// <summary>The (n x o) matrix whose column i averages adaptive bin i of n inputs.</summary>
    internal static float[] Bins(int n, int o)
    {
        var matrix = new float[n * o];
        for (int i = 0; i < o; i++)
        {
            int start = (int)((long)i * n / o), end = (int)(((long)(i + 1) * n + o - 1) / o);
            for (int j = start; j < end; j++) matrix[j * o + i] = 1f / (end - start);
        }
        return matrix;
    }
}
