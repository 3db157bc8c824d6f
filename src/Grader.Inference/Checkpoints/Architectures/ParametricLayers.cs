namespace Grader.Inference.Checkpoints.Architectures;

/// <summary>The layers with weights: Conv2d, Linear, BatchNorm2d, BatchNorm1d, as torch.nn names their parameters.</summary>
internal static class ParametricLayers
{
    public static Flow Build(NetworkBuilder b, Flow x, LayerArgs a, string m) => a.Type switch
    {
        "Conv2d" => Conv(b, x, a, m),
        "Linear" => Linear(b, x, a, m),
        _ => BatchNorm(b, x, a, m),
    };

    private static Flow Conv(NetworkBuilder b, Flow x, LayerArgs a, string m)
    {
        int inC = a.Int("in_channels"), outC = a.Int("out_channels"), groups = a.Int("groups", 1);
        var kernel = a.Size("kernel_size");
        var stride = a.Size("stride", (1, 1));
        var padding = a.Size("padding", (0, 0));
        var dilation = a.Size("dilation", (1, 1));
        bool bias = a.Bool("bias", true);
        a.Text("padding_mode", "zeros");
        var (c, h, w) = x.Image(m, "Conv2d");
        if (c >= 0 && c != inC) throw new ModelLoadException($"layer {m} (Conv2d): in_channels is {inC}, but its input has {c} channels");
        if (Math.Min(Math.Min(kernel.H, kernel.W), Math.Min(stride.H, stride.W)) < 1 || Math.Min(dilation.H, dilation.W) < 1 || Math.Min(padding.H, padding.W) < 0)
            throw new ModelLoadException($"layer {m} (Conv2d): kernel_size, stride and dilation must be at least 1, padding at least 0");
        var y = b.Conv(x.Name, m, inC, outC, kernel, stride, padding, bias, groups, dilation);
        return new Flow(y, [outC, Out(h, kernel.H, stride.H, padding.H, dilation.H, false, m), Out(w, kernel.W, stride.W, padding.W, dilation.W, false, m)]);
    }

    /// <summary>Output size of a convolution or pooling window along one axis, as PyTorch computes it
    /// (ceil mode: a last window that would start in the right padding is dropped).</summary>
    public static int Out(int size, int kernel, int stride, int padding, int dilation, bool ceil, string module)
    {
        if (size < 0) return -1;
        int span = size + 2 * padding - dilation * (kernel - 1) - 1;
        if (span < 0) throw new ModelLoadException($"layer {module}: the window ({kernel}) is larger than its padded input ({size + 2 * padding})");
        int o = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceil && (o - 1) * stride >= size + padding) o--;
        return o;
    }

    /// <summary>Linear on the last axis: Gemm for (features), MatMul with the transposed weight for more axes.</summary>
    private static Flow Linear(NetworkBuilder b, Flow x, LayerArgs a, string m)
    {
        int inF = a.Int("in_features"), outF = a.Int("out_features");
        bool bias = a.Bool("bias", true);
        int last = x.Shape[^1];
        if (last >= 0 && last != inF)
            throw new ModelLoadException($"layer {m} (Linear): in_features is {inF}, but its input has {last} features (shape {Flow.Format(x.Shape)})");
        int[] shape = [.. x.Shape[..^1], outF];
        if (x.Shape.Length == 1) return new Flow(b.Linear(x.Name, m, inF, outF, bias), shape);
        var weight = b.Node("Transpose", m, [b.Param(NetworkBuilder.Key(m, "weight"), outF, inF)], ("perm", new long[] { 1, 0 }));
        var y = b.Node("MatMul", m, [x.Name, weight]);
        return new Flow(bias ? b.Node("Add", m, [y, b.Param(NetworkBuilder.Key(m, "bias"), outF)]) : y, shape);
    }

    /// <summary>BatchNorm2d over (C, H, W); BatchNorm1d over (C) or (C, L): the channel axis is the first per-image axis either way.</summary>
    private static Flow BatchNorm(NetworkBuilder b, Flow x, LayerArgs a, string m)
    {
        int features = a.Int("num_features");
        float eps = a.Float("eps", 1e-5f);
        bool affine = a.Bool("affine", true);
        a.Require(a.Bool("track_running_stats", true),
            "track_running_stats=False normalises with each batch's own statistics, even in eval mode; the grader evaluates with running statistics");
        bool image = a.Type == "BatchNorm2d";
        if (image ? !x.IsImage : x.Shape.Length is not (1 or 2))
            throw new ModelLoadException($"layer {m} ({a.Type}) needs a {(image ? "(C, H, W)" : "(C) or (C, L)")} input, but gets {Flow.Format(x.Shape)}");
        if (x.Shape[0] >= 0 && x.Shape[0] != features)
            throw new ModelLoadException($"layer {m} ({a.Type}): num_features is {features}, but its input has {x.Shape[0]}");
        return x with { Name = b.BatchNorm(x.Name, m, features, eps, affine) };
    }
}
