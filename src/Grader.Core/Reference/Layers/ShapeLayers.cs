namespace Grader.Core.Reference.Layers;

/// <summary>MaxPool2d; the stride defaults to the kernel size, as in PyTorch.</summary>
public sealed record MaxPool2d(Size2 Kernel, Size2? Stride = null, Size2 Padding = default) : LayerSpec
{
    public override string TypeName => "MaxPool2d";

    internal override (int[] Shape, long Parameters) Apply(int[] input) => (PoolShape(this, input, Kernel, Stride, Padding), 0);

    internal static int[] PoolShape(LayerSpec layer, int[] input, Size2 kernel, Size2? stride, Size2 padding)
    {
        var (c, h, w) = layer.Image(input);
        var s = stride ?? kernel;
        return
        [
            c,
            ConvArithmetic.PoolOutputSize(h, kernel.Height, s.Height, padding.Height),
            ConvArithmetic.PoolOutputSize(w, kernel.Width, s.Width, padding.Width),
        ];
    }
}

/// <summary>AvgPool2d; the stride defaults to the kernel size, as in PyTorch.</summary>
public sealed record AvgPool2d(Size2 Kernel, Size2? Stride = null, Size2 Padding = default) : LayerSpec
{
    public override string TypeName => "AvgPool2d";

    internal override (int[] Shape, long Parameters) Apply(int[] input) =>
        (MaxPool2d.PoolShape(this, input, Kernel, Stride, Padding), 0);
}

/// <summary>Flattens (C, H, W) to (C·H·W).</summary>
public sealed record Flatten : LayerSpec
{
    public override string TypeName => "Flatten";

    internal override (int[] Shape, long Parameters) Apply(int[] input)
    {
        long size = 1;
        foreach (var d in input) size *= d;
        Check.That(size <= int.MaxValue, "Flatten output is too large");
        return ([(int)size], 0);
    }
}
