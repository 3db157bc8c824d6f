namespace Grader.Datasets.Preprocessing;

/// <summary>
/// How a resize samples the image: the methods students' training pipelines use, so a network
/// sees at grading what it saw in training. Named in a rubric as <c>pil-bilinear</c> (the
/// default), <c>pil-bicubic</c>, <c>bilinear-antialias</c> or <c>bilinear</c>.
/// </summary>
public enum ResizeInterpolation
{
    /// <summary>
    /// <c>torchvision.transforms.Resize(size)</c> on a PIL image: Pillow's BILINEAR, which averages
    /// every pixel under the filter when downscaling, on the uint8 image, rounded to uint8
    /// (<see cref="Imaging.PillowResample"/>). Within one level of 255 of Pillow's output (equal
    /// in practice).
    /// </summary>
    PilBilinear,

    /// <summary><c>Resize(size, InterpolationMode.BICUBIC)</c> on a PIL image: Pillow's BICUBIC (a = −0.5), as <see cref="PilBilinear"/>.</summary>
    PilBicubic,

    /// <summary>
    /// <c>Resize(size, antialias=True)</c> on a float tensor, i.e. <c>F.interpolate(x, size,
    /// mode="bilinear", antialias=True, align_corners=False)</c>: Pillow's filter in float32 on the
    /// scaled values (<see cref="Imaging.AntialiasResample"/>).
    /// </summary>
    BilinearAntialias,

    /// <summary>
    /// Bilinear with half-pixel centres and no antialiasing: PyTorch's
    /// <c>F.interpolate(x, size=(H, W), mode="bilinear", align_corners=False)</c> (antialias off, the
    /// default) on the float image; this is also torchvision's tensor <c>Resize</c> with
    /// <c>antialias=False</c> and OpenCV's <c>INTER_LINEAR</c> when upscaling. Downscaling samples
    /// between pixels instead of averaging them (PIL's and antialiased resizes average).
    /// <para>Exact arithmetic, per axis, for an output index d (an axis whose size does not change is
    /// copied, weights 1 and 0): scale = float32(in) / out; src = scale * (d + 0.5) - 0.5 in double,
    /// clamped at 0; i0 = floor(src); i1 = i0 + 1 capped at in - 1; w1 = float32(src - i0); w0 = 1 - w1
    /// in float32. Rows first, then columns: t_r = fma(p[r][i0x], w0x, p[r][i1x] * w1x) for rows
    /// r = i0y, i1y, and out = fma(t_i0y, w0y, t_i1y * w1y) (fused multiply-add, one rounding).</para>
    /// <para>That is PyTorch 1.13's CPU kernel for NCHW tensors as compiled on x86-64 with FMA, and the
    /// results are bit-identical to it for multi-channel images. For one-channel tensors PyTorch
    /// happens to use its channels-last kernel, which sums the four products in another order: the
    /// results then differ by at most one float32 ulp (below 1e-7 on [0, 1]). Both are checked
    /// against PyTorch's own output (tests/Grader.Datasets.Tests/Fixtures/bilinear_torch.json).</para>
    /// </summary>
    Bilinear,
}

/// <summary>The rubric names of <see cref="ResizeInterpolation"/>.</summary>
public static class ResizeInterpolations
{
    private static readonly (ResizeInterpolation Value, string Name)[] Names =
    [
        (ResizeInterpolation.PilBilinear, "pil-bilinear"), (ResizeInterpolation.PilBicubic, "pil-bicubic"),
        (ResizeInterpolation.BilinearAntialias, "bilinear-antialias"), (ResizeInterpolation.Bilinear, "bilinear"),
    ];

    public static IEnumerable<string> All => Names.Select(n => n.Name);

    public static string Name(this ResizeInterpolation value) => Names.First(n => n.Value == value).Name;

    public static ResizeInterpolation Parse(string name) =>
        Names.FirstOrDefault(n => n.Name == name) is { Name: not null } found
            ? found.Value
            : throw new PreprocessingException($"resize method '{name}' is not one of: {string.Join(", ", All)}");
}
