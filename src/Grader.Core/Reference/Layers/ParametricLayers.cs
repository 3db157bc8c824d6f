using Grader.Core.Numerics;

namespace Grader.Core.Reference.Layers;

/// <summary>Conv2d(c_in → OutChannels) with a square or rectangular kernel and symmetric padding per axis.</summary>
public sealed record Conv2d(
    int OutChannels, Size2 Kernel, Size2? Stride = null, Size2 Padding = default,
    bool Bias = true, int Groups = 1, Size2? Dilation = null) : LayerSpec
{
    public override string TypeName => "Conv2d";

    internal override (int[] Shape, long Parameters) Apply(int[] input)
    {
        var (c, h, w) = Image(input);
        var stride = Stride ?? 1;
        var dilation = Dilation ?? 1;
        int oh = ConvArithmetic.OutputSize(h, Kernel.Height, stride.Height, Padding.Height, Padding.Height, dilation.Height);
        int ow = ConvArithmetic.OutputSize(w, Kernel.Width, stride.Width, Padding.Width, Padding.Width, dilation.Width);
        return ([OutChannels, oh, ow], ParameterCounts.Conv2d(Kernel, c, OutChannels, Bias, Groups));
    }
}

/// <summary>Linear(in → OutFeatures). A (C, H, W) input is flattened first, as torchsummary tables omit the view().</summary>
public sealed record Linear(int OutFeatures, bool Bias = true) : LayerSpec
{
    public override string TypeName => "Linear";

    internal override (int[] Shape, long Parameters) Apply(int[] input)
    {
        long features = 1;
        foreach (var d in input) features *= d;
        Check.That(features <= int.MaxValue, "Linear input is too large");
        return ([OutFeatures], ParameterCounts.Linear((int)features, OutFeatures, Bias));
    }
}

/// <summary>BatchNorm2d over the channels of a (C, H, W) input: 2C trainable parameters (γ and β).</summary>
public sealed record BatchNorm2d : LayerSpec
{
    public override string TypeName => "BatchNorm2d";

    internal override (int[] Shape, long Parameters) Apply(int[] input) =>
        (input, ParameterCounts.BatchNorm(Image(input).C));
}

/// <summary>BatchNorm1d over the features of a (features) input: 2·features trainable parameters.</summary>
public sealed record BatchNorm1d : LayerSpec
{
    public override string TypeName => "BatchNorm1d";

    internal override (int[] Shape, long Parameters) Apply(int[] input)
    {
        Check.That(input.Length == 1,
            $"BatchNorm1d needs a (features) input, got shape {NdArray.FormatShape(input)}");
        return (input, ParameterCounts.BatchNorm(input[0]));
    }
}
