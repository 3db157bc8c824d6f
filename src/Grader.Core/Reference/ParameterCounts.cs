namespace Grader.Core.Reference;

/// <summary>Trainable parameter counts of common layers, as PyTorch counts them.</summary>
public static class ParameterCounts
{
    /// <summary>
    /// Conv2d: <c>k_h·k_w·(c_in / groups)·c_out</c> weights plus <c>c_out</c> biases.
    /// </summary>
    public static long Conv2d(Size2 kernel, int inChannels, int outChannels, bool bias = true, int groups = 1)
    {
        Check.Positive(kernel, "kernel size");
        CheckChannels(inChannels, outChannels, groups);
        return Check.Counted("the parameter count", () =>
            checked((long)kernel.Height * kernel.Width * (inChannels / groups) * outChannels + (bias ? outChannels : 0)));
    }

    /// <summary>Linear: <c>in·out</c> weights plus <c>out</c> biases.</summary>
    public static long Linear(int inFeatures, int outFeatures, bool bias = true)
    {
        Check.Positive(inFeatures, "number of input features");
        Check.Positive(outFeatures, "number of output features");
        return Check.Counted("the parameter count", () => checked((long)inFeatures * outFeatures + (bias ? outFeatures : 0)));
    }

    /// <summary>
    /// Depthwise-separable convolution: a depthwise k×k convolution per input channel
    /// (<c>k_h·k_w·C</c>, plus C biases) followed by a pointwise 1×1 convolution
    /// (<c>C·N</c>, plus N biases).
    /// </summary>
    public static long DepthwiseSeparable(Size2 kernel, int inChannels, int outChannels, bool bias = true)
    {
        long depthwise = Conv2d(kernel, inChannels, inChannels, bias, groups: inChannels);
        long pointwise = Conv2d(1, inChannels, outChannels, bias);
        return Check.Counted("the parameter count", () => checked(depthwise + pointwise));
    }

    /// <summary>BatchNorm: a scale and a shift per channel (2C). The running mean and variance are buffers, not parameters.</summary>
    public static long BatchNorm(int channels)
    {
        Check.Positive(channels, "number of channels");
        return 2L * channels;
    }

    private static void CheckChannels(int inChannels, int outChannels, int groups)
    {
        Check.Positive(inChannels, "number of input channels");
        Check.Positive(outChannels, "number of output channels");
        Check.Positive(groups, "groups");
        Check.That(inChannels % groups == 0 && outChannels % groups == 0,
            $"groups ({groups}) must divide both the input channels ({inChannels}) and the output channels ({outChannels})");
    }
}
