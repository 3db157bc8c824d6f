using System.Globalization;
using Grader.Datasets.Storage;

namespace Grader.Datasets.Preprocessing;

/// <summary>A height x width pair; written and parsed as <c>"HxW"</c> (e.g. <c>"32x32"</c>).</summary>
public readonly record struct ImageSize(int Height, int Width)
{
    public const int MaxSide = 4096;

    public override string ToString() => $"{Height}x{Width}";

    /// <summary>Parses <c>"HxW"</c>, or a single number for a square size.</summary>
    public static ImageSize Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().ToLowerInvariant().Split('x');
        if (parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int w))
        {
            var size = new ImageSize(h, w);
            size.Validate("size");
            return size;
        }
        throw new PreprocessingException($"'{text}' is not an image size (HxW, e.g. 32x32)");
    }

    internal void Validate(string what)
    {
        if (Height is < 1 or > MaxSide || Width is < 1 or > MaxSide)
            throw new PreprocessingException($"{what} {this} is outside 1..{MaxSide}");
    }
}

/// <summary>Order of the colour planes handed to the model.</summary>
public enum ChannelOrder
{
    Rgb,
    Bgr,
}

/// <summary>
/// The input preprocessing a rubric declares for a model item, applied to every test image in
/// this order (all float arithmetic in IEEE float32):
/// <list type="number">
/// <item><see cref="CropToRoi"/>: crop to the dataset's region of interest (GTSRB), on the bytes.</item>
/// <item><see cref="Resize"/> to HxW with <see cref="Interpolation"/>: the Pillow methods resize the
/// uint8 image (as a PIL image is resized before ToTensor), the others the float values of the next step.</item>
/// <item>Convert to float: <c>v = float32(u8) / float32(255)</c> when <see cref="ScaleToUnitRange"/>,
/// else <c>float32(u8)</c>.</item>
/// <item><see cref="CenterCrop"/> to HxW, torchvision's offsets: <c>top = round((h - H) / 2)</c>,
/// <c>left = round((w - W) / 2)</c> with round-half-to-even; the crop may not exceed the image.</item>
/// <item>Select and order channels: <see cref="ChannelOrder"/>, and a grayscale image is replicated
/// into 3 planes when <see cref="Channels"/> is 3.</item>
/// <item>Normalise per output channel: <c>v = (v - Mean[c]) / Std[c]</c> (one value applies to all channels).</item>
/// </list>
/// The result is NCHW float32. Without resize or crop the output equals PyTorch's
/// <c>(torch.tensor(u8).float() / 255 - mean) / std</c> bit for bit.
/// <para>A submission may change what <see cref="AllowSubmissionNormalization"/> and
/// <see cref="AllowedInputSizes"/> permit, through <see cref="SubmissionPreprocessing"/>.</para>
/// </summary>
public sealed record PreprocessingSpec
{
    /// <summary>Resize the (cropped-to-ROI) image to this size; required for datasets of varying image size.</summary>
    public ImageSize? Resize { get; init; }
    /// <summary>How <see cref="Resize"/> resamples; the default is what torchvision's Resize does to a PIL image.</summary>
    public ResizeInterpolation Interpolation { get; init; } = ResizeInterpolation.PilBilinear;
    /// <summary>Center crop after the resize.</summary>
    public ImageSize? CenterCrop { get; init; }
    /// <summary>Crop to the region of interest first (only datasets that carry one: GTSRB).</summary>
    public bool CropToRoi { get; init; }
    /// <summary>Divide by 255 so pixel values lie in [0, 1] (default true).</summary>
    public bool ScaleToUnitRange { get; init; } = true;
    /// <summary>Per-channel mean subtracted after scaling (1 value or one per channel), or null.</summary>
    public IReadOnlyList<float>? Mean { get; init; }
    /// <summary>Per-channel standard deviation divided by, or null; given together with <see cref="Mean"/>.</summary>
    public IReadOnlyList<float>? Std { get; init; }
    public ChannelOrder ChannelOrder { get; init; } = ChannelOrder.Rgb;
    /// <summary>Channels the model takes: null for the dataset's own; 3 on a grayscale dataset replicates the plane.</summary>
    public int? Channels { get; init; }

    /// <summary>Whether a submission may declare its own mean and std.</summary>
    public bool AllowSubmissionNormalization { get; init; }
    /// <summary>Input sizes a submission may choose instead of the default one (the rubric's own size is always allowed).</summary>
    public IReadOnlyList<ImageSize> AllowedInputSizes { get; init; } = [];

    /// <summary>Scale to [0, 1] only: the default when a rubric declares nothing.</summary>
    public static PreprocessingSpec Default { get; } = new();

    /// <summary>Checks the declaration on its own (sizes, mean/std pairs and values, channel counts).</summary>
    public void Validate()
    {
        Resize?.Validate("resize");
        CenterCrop?.Validate("center crop");
        if (Resize is { } r && CenterCrop is { } c && (c.Height > r.Height || c.Width > r.Width))
            throw new PreprocessingException($"center crop {c} is larger than the resize {r}");
        if (Channels is not (null or 1 or 3))
            throw new PreprocessingException($"channels must be 1 or 3, not {Channels}");
        ValidateNormalization(Mean, Std, Channels, "the rubric");
        foreach (var s in AllowedInputSizes)
            s.Validate("allowed input size");
        if (!Enum.IsDefined(Interpolation))
            throw new PreprocessingException($"unknown interpolation {Interpolation}");
        if (!Enum.IsDefined(ChannelOrder))
            throw new PreprocessingException($"unknown channel order {ChannelOrder}");
    }

    internal static void ValidateNormalization(IReadOnlyList<float>? mean, IReadOnlyList<float>? std, int? channels, string who)
    {
        if (mean is null && std is null)
            return;
        if (mean is null || std is null)
            throw new PreprocessingException($"{who} gives {(mean is null ? "std" : "mean")} without {(mean is null ? "mean" : "std")}");
        if (mean.Count == 0 || std.Count == 0)
            throw new PreprocessingException($"{who} gives an empty mean or std");
        foreach (var list in new[] { mean, std })
        {
            if (list.Count != 1 && channels is { } c && list.Count != c)
                throw new PreprocessingException($"{who} gives {list.Count} mean/std values for {c} channels");
            if (list.Count is not (1 or 3))
                throw new PreprocessingException($"{who} gives {list.Count} mean/std values (1 or 3 expected)");
        }
        if (mean.Any(m => !float.IsFinite(m) || Math.Abs(m) > 1e4f))
            throw new PreprocessingException($"{who} gives a mean that is not a finite number of plausible size ({Format(mean)})");
        if (std.Any(s => !float.IsFinite(s) || s < 1e-6f || s > 1e4f))
            throw new PreprocessingException($"{who} gives a std that is not a positive finite number ({Format(std)})");
    }

    internal static string Format(IReadOnlyList<float> values) =>
        "[" + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";

    /// <summary>The model input size this spec produces by itself, or null when it is the dataset's.</summary>
    public ImageSize? DefaultInputSize => CenterCrop ?? Resize;

    /// <summary>
    /// Combines the declaration with a submission's choices and the dataset into the concrete
    /// pipeline, validating everything: the choices must be allowed by the rubric, datasets of
    /// varying size need a resize, crops must fit, channel counts must agree.
    /// </summary>
    public PreprocessingPlan Resolve(DatasetManifest dataset, SubmissionPreprocessing? submission = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Resolve(dataset.Channels, dataset.ImageShape is { } s ? new ImageSize(s.Height, s.Width) : null, dataset.HasRoi, submission);
    }

    /// <summary>As <see cref="Resolve(DatasetManifest, SubmissionPreprocessing?)"/> for images of
    /// <paramref name="sourceChannels"/> channels and a fixed size (null when sizes vary).</summary>
    public PreprocessingPlan Resolve(int sourceChannels, ImageSize? fixedSourceSize, bool sourceHasRoi = false,
        SubmissionPreprocessing? submission = null)
    {
        Validate();
        if (sourceChannels is not (1 or 3))
            throw new PreprocessingException($"images with {sourceChannels} channels are not supported");
        int outChannels = Channels ?? sourceChannels;
        if (outChannels == 1 && sourceChannels == 3)
            throw new PreprocessingException("the dataset is colour; converting it to one channel is not supported");
        if (ChannelOrder == ChannelOrder.Bgr && outChannels != 3)
            throw new PreprocessingException("BGR channel order needs 3 channels");
        if (CropToRoi && !sourceHasRoi)
            throw new PreprocessingException("crop to region of interest: this dataset has no regions of interest");

        var resize = Resize;
        var crop = CenterCrop;
        var mean = Mean;
        var std = Std;
        if (submission is not null)
        {
            if (submission.Mean is not null || submission.Std is not null)
            {
                if (!AllowSubmissionNormalization)
                    throw new PreprocessingException("the rubric does not let a submission choose its own mean/std");
                ValidateNormalization(submission.Mean, submission.Std, outChannels, "the submission");
                mean = submission.Mean;
                std = submission.Std;
            }
            if (submission.InputSize is { } size)
            {
                size.Validate("submission input size");
                var own = DefaultInputSize ?? fixedSourceSize;
                if (size != own && !AllowedInputSizes.Contains(size))
                {
                    var allowed = (own is { } o ? new[] { o } : []).Concat(AllowedInputSizes).Distinct();
                    throw new PreprocessingException(
                        $"input size {size} is not allowed by the rubric (allowed: {string.Join(", ", allowed)})");
                }
                // The chosen size replaces the output of the last geometric step.
                if (crop is not null)
                    crop = size;
                else
                    resize = size;
            }
        }
        ValidateNormalization(mean, std, outChannels, "the preprocessing");

        if (resize is null && fixedSourceSize is null && !CropToRoi)
            throw new PreprocessingException("the images of this dataset vary in size: the preprocessing must resize them");
        if (resize is null && CropToRoi)
            throw new PreprocessingException("cropping to the region of interest gives images of varying size: the preprocessing must resize them");
        var beforeCrop = resize ?? fixedSourceSize!.Value;
        if (crop is { } cc && (cc.Height > beforeCrop.Height || cc.Width > beforeCrop.Width))
            throw new PreprocessingException($"center crop {cc} is larger than the image ({beforeCrop})");
        var output = crop ?? beforeCrop;

        int[] map = new int[outChannels];
        for (int c = 0; c < outChannels; c++)
            map[c] = sourceChannels == 1 ? 0 : ChannelOrder == ChannelOrder.Bgr ? 2 - c : c;
        float[]? m = mean is null ? null : Expand(mean, outChannels);
        float[]? s = std is null ? null : Expand(std, outChannels);
        return new PreprocessingPlan(sourceChannels, outChannels, output.Height, output.Width, CropToRoi,
            resize, Interpolation, crop, ScaleToUnitRange, m, s, map);
    }

    private static float[] Expand(IReadOnlyList<float> values, int channels) =>
        values.Count == 1 ? Enumerable.Repeat(values[0], channels).ToArray() : values.ToArray();
}

/// <summary>
/// What a submission may choose within its rubric's <see cref="PreprocessingSpec"/>: its own
/// normalisation (when <see cref="PreprocessingSpec.AllowSubmissionNormalization"/>) and an input
/// size from <see cref="PreprocessingSpec.AllowedInputSizes"/>. Null members keep the rubric's choice.
/// </summary>
public sealed record SubmissionPreprocessing
{
    public IReadOnlyList<float>? Mean { get; init; }
    public IReadOnlyList<float>? Std { get; init; }
    public ImageSize? InputSize { get; init; }
}
