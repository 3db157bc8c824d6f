using System.Globalization;

namespace Grader.Core.Rubrics;

/// <summary>An image size written "HxW" (or one number for a square).</summary>
public readonly record struct PixelSize(int Height, int Width)
{
    public static bool TryParse(string text, out PixelSize size)
    {
        size = default;
        var parts = text.Trim().ToLowerInvariant().Split('x');
        if (parts.Length is not (1 or 2)
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int w)
            || h is < 1 or > 4096 || w is < 1 or > 4096)
            return false;
        size = new PixelSize(h, w);
        return true;
    }

    public override string ToString() => $"{Height}x{Width}";
}

/// <summary>
/// How test images are turned into the model's input, as the rubric declares it (applied by the
/// data-set layer in this order: crop to ROI, resize with <see cref="Interpolation"/>, scale to
/// [0,1], center crop, channels, mean/std), and what a submission may choose for itself.
/// </summary>
public sealed record ModelPreprocessing
{
    /// <summary>The resize methods a rubric may name: torchvision's Resize on a PIL image (Pillow's
    /// bilinear or bicubic), on a tensor with antialias=True, and F.interpolate's plain bilinear.</summary>
    public static readonly IReadOnlyList<string> Interpolations = ["pil-bilinear", "pil-bicubic", "bilinear-antialias", "bilinear"];

    public PixelSize? Resize { get; init; }

    /// <summary>One of <see cref="Interpolations"/>; the default is what torchvision's Resize does to a PIL image.</summary>
    public string Interpolation { get; init; } = "pil-bilinear";
    public PixelSize? CenterCrop { get; init; }
    public bool CropToRoi { get; init; }
    public bool ScaleToUnitRange { get; init; } = true;
    public IReadOnlyList<double>? Mean { get; init; }
    public IReadOnlyList<double>? Std { get; init; }
    public bool Bgr { get; init; }
    public int? Channels { get; init; }

    /// <summary>A submission may give its own mean/std (the ones it trained with).</summary>
    public bool AllowSubmissionNormalization { get; init; }

    /// <summary>Input sizes a submission may choose besides the default.</summary>
    public IReadOnlyList<PixelSize> AllowedInputSizes { get; init; } = [];

    public static ModelPreprocessing Default { get; } = new();
}

/// <summary>
/// A student's answer to a model item: the uploaded file's name and, where the rubric allows it,
/// the normalisation and input size the model was trained with.
/// </summary>
public sealed record ModelAnswer(string File, IReadOnlyList<double>? Mean, IReadOnlyList<double>? Std, PixelSize? InputSize);
