using System.Globalization;
using System.Text;
using Grader.Datasets.Imaging;
using Grader.Datasets.Storage;

namespace Grader.Datasets.Preprocessing;

/// <summary>
/// A resolved, concrete preprocessing pipeline (<see cref="PreprocessingSpec.Resolve(DatasetManifest, SubmissionPreprocessing?)"/>):
/// turns one planar uint8 image into <see cref="OutputChannels"/> x <see cref="OutputHeight"/> x
/// <see cref="OutputWidth"/> float32 values. Immutable and thread-safe; the per-call working memory
/// lives in a <see cref="PreprocessingScratch"/> owned by the calling thread.
/// </summary>
public sealed class PreprocessingPlan
{
    private readonly float[] _lut = new float[256];
    private readonly float[]? _mean;
    private readonly float[]? _std;
    private readonly int[] _channelMap;

    internal PreprocessingPlan(int sourceChannels, int outputChannels, int outputHeight, int outputWidth, bool cropToRoi,
        ImageSize? resize, ResizeInterpolation interpolation, ImageSize? centerCrop, bool scaleToUnitRange, float[]? mean, float[]? std, int[] channelMap)
    {
        Interpolation = interpolation;
        SourceChannels = sourceChannels;
        OutputChannels = outputChannels;
        OutputHeight = outputHeight;
        OutputWidth = outputWidth;
        CropToRoi = cropToRoi;
        Resize = resize;
        CenterCrop = centerCrop;
        ScaleToUnitRange = scaleToUnitRange;
        _mean = mean;
        _std = std;
        _channelMap = channelMap;
        for (int i = 0; i < 256; i++)
            _lut[i] = scaleToUnitRange ? i / 255f : i;
    }

    public int SourceChannels { get; }
    public int OutputChannels { get; }
    public int OutputHeight { get; }
    public int OutputWidth { get; }
    public bool CropToRoi { get; }
    public ImageSize? Resize { get; }
    public ResizeInterpolation Interpolation { get; }
    public ImageSize? CenterCrop { get; }
    public bool ScaleToUnitRange { get; }
    public IReadOnlyList<float>? Mean => _mean;
    public IReadOnlyList<float>? Std => _std;
    /// <summary>For each output channel, the source channel it is read from.</summary>
    public IReadOnlyList<int> ChannelMap => _channelMap;
    /// <summary>Floats per preprocessed image: C x H x W.</summary>
    public int ImageFloats => OutputChannels * OutputHeight * OutputWidth;
    /// <summary>The model input shape without the batch axis: [C, H, W].</summary>
    public int[] InputShape => [OutputChannels, OutputHeight, OutputWidth];

    /// <summary>Preprocesses a planar image (convenience overload, allocating its scratch).</summary>
    public float[] Apply(Imaging.PlanarImage image)
    {
        var output = new float[ImageFloats];
        var info = new ImageInfo(image.Width, image.Height, image.Channels, 0, 0, image.Width - 1, image.Height - 1);
        Apply(image.Pixels, info, output, new PreprocessingScratch());
        return output;
    }

    /// <summary>
    /// Preprocesses the planar (CHW) bytes <paramref name="chw"/> of an image described by
    /// <paramref name="info"/> into the first <see cref="ImageFloats"/> floats of <paramref name="destination"/>.
    /// </summary>
    public void Apply(ReadOnlySpan<byte> chw, in ImageInfo info, Span<float> destination, PreprocessingScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        if (info.Channels != SourceChannels)
            throw new PreprocessingException($"image has {info.Channels} channels, the plan expects {SourceChannels}");
        if (chw.Length < info.Bytes)
            throw new ArgumentException($"{chw.Length} bytes for a {info.Channels}x{info.Height}x{info.Width} image", nameof(chw));
        if (destination.Length < ImageFloats)
            throw new ArgumentException($"destination holds {destination.Length} floats; the image needs {ImageFloats}", nameof(destination));

        // 1. Region of the source image.
        int x0 = 0, y0 = 0, regionW = info.Width, regionH = info.Height;
        if (CropToRoi)
        {
            x0 = info.RoiX1;
            y0 = info.RoiY1;
            regionW = info.RoiX2 - info.RoiX1 + 1;
            regionH = info.RoiY2 - info.RoiY1 + 1;
            if (x0 < 0 || y0 < 0 || regionW <= 0 || regionH <= 0 || x0 + regionW > info.Width || y0 + regionH > info.Height)
                throw new PreprocessingException($"region of interest outside the {info.Width}x{info.Height} image");
        }
        // 2. Size after the resize, 3. window of the center crop within it.
        int resizedH = Resize?.Height ?? regionH;
        int resizedW = Resize?.Width ?? regionW;
        int top = 0, left = 0;
        if (CenterCrop is { } crop)
        {
            if (crop.Height > resizedH || crop.Width > resizedW)
                throw new PreprocessingException($"center crop {crop} is larger than the image ({resizedH}x{resizedW})");
            top = CenterCropOffset(resizedH, crop.Height);
            left = CenterCropOffset(resizedW, crop.Width);
        }
        int outH = CenterCrop?.Height ?? resizedH;
        int outW = CenterCrop?.Width ?? resizedW;
        if (outH != OutputHeight || outW != OutputWidth)
            throw new PreprocessingException($"a {info.Width}x{info.Height} image gives {outH}x{outW}, not the planned {OutputHeight}x{OutputWidth}");

        bool identity = regionW == resizedW && regionH == resizedH;
        var method = identity ? ResizeInterpolation.Bilinear : Interpolation;   // Bilinear's path copies an unresized image
        var resample = scratch.Resample;
        switch (method)
        {
            case ResizeInterpolation.Bilinear:
                scratch.Ensure(outH, outW);
                ComputeAxis(regionW, resizedW, x0, left, outW, scratch.X0, scratch.X1, scratch.WX0, scratch.WX1);
                ComputeAxis(regionH, resizedH, y0, top, outH, scratch.Y0, scratch.Y1, scratch.WY0, scratch.WY1);
                break;
            case ResizeInterpolation.BilinearAntialias:
                AntialiasResample.Compute(regionW, resizedW, left, outW, resample.Columns);
                AntialiasResample.Compute(regionH, resizedH, top, outH, resample.Rows);
                break;
            default:
                var filter = method == ResizeInterpolation.PilBicubic ? PillowFilter.Bicubic : PillowFilter.Bilinear;
                PillowResample.Compute(filter, regionW, resizedW, left, outW, resample.Columns);
                PillowResample.Compute(filter, regionH, resizedH, top, outH, resample.Rows);
                break;
        }

        int srcPlane = info.Width * info.Height;
        int outPlane = outH * outW;
        for (int c = 0; c < OutputChannels; c++)
        {
            var src = chw.Slice(_channelMap[c] * srcPlane, srcPlane);
            var dst = destination.Slice(c * outPlane, outPlane);
            switch (method)
            {
                case ResizeInterpolation.Bilinear:
                    Bilinear(src, info.Width, outH, outW, identity, dst, scratch);
                    break;
                case ResizeInterpolation.BilinearAntialias:
                    AntialiasResample.Apply(src, _lut, info.Width, x0, y0, resample.Columns, left, resample.Rows, top, dst, resample);
                    break;
                default:
                    // A PIL image is resized as uint8, then ToTensor scales it.
                    var bytes = scratch.EnsurePlane(outPlane);
                    PillowResample.Apply(src, info.Width, x0, y0, resample.Columns, left, resample.Rows, top, bytes, resample);
                    for (int i = 0; i < outPlane; i++) dst[i] = _lut[bytes[i]];
                    break;
            }
            if (_mean is not null)
            {
                float m = _mean[c], s = _std![c];
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = (dst[i] - m) / s;
            }
        }
    }

    /// <summary>F.interpolate's bilinear (see <see cref="ResizeInterpolation.Bilinear"/>) of one plane, with the taps in <paramref name="scratch"/>; an unresized plane is copied.</summary>
    private void Bilinear(ReadOnlySpan<byte> src, int stride, int outH, int outW, bool identity, Span<float> dst, PreprocessingScratch scratch)
    {
        var lut = _lut;
        if (identity)
        {
            for (int y = 0; y < outH; y++)
            {
                var row = src.Slice(scratch.Y0[y] * stride + scratch.X0[0], outW);
                var drow = dst.Slice(y * outW, outW);
                for (int x = 0; x < outW; x++)
                    drow[x] = lut[row[x]];
            }
            return;
        }
        for (int y = 0; y < outH; y++)
        {
            var r0 = src.Slice(scratch.Y0[y] * stride);
            var r1 = src.Slice(scratch.Y1[y] * stride);
            float wy0 = scratch.WY0[y], wy1 = scratch.WY1[y];
            var drow = dst.Slice(y * outW, outW);
            for (int x = 0; x < outW; x++)
            {
                int a = scratch.X0[x], b = scratch.X1[x];
                float wx0 = scratch.WX0[x], wx1 = scratch.WX1[x];
                // PyTorch's NCHW kernel as compiled (GCC contracts `p0 * w0 + p1 * w1` into
                // fma(p0, w0, p1 * w1)): bit-identical results.
                float t0 = MathF.FusedMultiplyAdd(lut[r0[a]], wx0, lut[r0[b]] * wx1);
                float t1 = MathF.FusedMultiplyAdd(lut[r1[a]], wx0, lut[r1[b]] * wx1);
                drow[x] = MathF.FusedMultiplyAdd(t0, wy0, t1 * wy1);
            }
        }
    }

    /// <summary>torchvision's center-crop offset: round((size - crop) / 2), half to even.</summary>
    internal static int CenterCropOffset(int size, int crop) =>
        (int)Math.Round((size - crop) / 2.0, MidpointRounding.ToEven);

    /// <summary>
    /// Source indices and weights along one axis for output positions window .. window + count - 1
    /// of a resize from <paramref name="inSize"/> to <paramref name="outSize"/>, offset by
    /// <paramref name="regionStart"/> into the stored image. PyTorch's
    /// <c>compute_source_index_and_lambda</c> (align_corners=False), see
    /// <see cref="ResizeInterpolation.Bilinear"/>.
    /// </summary>
    internal static void ComputeAxis(int inSize, int outSize, int regionStart, int window, int count,
        Span<int> i0, Span<int> i1, Span<float> w0, Span<float> w1)
    {
        if (inSize == outSize)
        {
            for (int k = 0; k < count; k++)
            {
                i0[k] = i1[k] = regionStart + window + k;
                w0[k] = 1f;
                w1[k] = 0f;
            }
            return;
        }
        float scale = (float)inSize / outSize;
        for (int k = 0; k < count; k++)
        {
            int dst = window + k;
            double src = scale * (dst + 0.5) - 0.5;
            if (src < 0)
                src = 0;
            int index = (int)src;
            int offset = index < inSize - 1 ? 1 : 0;
            float lambda1 = (float)Math.Min(Math.Max(src - index, 0.0), 1.0);
            i0[k] = regionStart + index;
            i1[k] = regionStart + index + offset;
            w1[k] = lambda1;
            w0[k] = 1f - lambda1;
        }
    }

    /// <summary>A one-line description for reports, e.g. <c>resize 32x32 bilinear, scale 1/255, normalize mean [..] std [..], RGB -> 3x32x32</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (CropToRoi)
            sb.Append("crop to ROI, ");
        if (Resize is { } r)
            sb.Append(CultureInfo.InvariantCulture, $"resize {r} {Interpolation.Name()}, ");
        if (CenterCrop is { } c)
            sb.Append(CultureInfo.InvariantCulture, $"center crop {c}, ");
        if (ScaleToUnitRange)
            sb.Append("scale 1/255, ");
        if (_mean is not null)
            sb.Append(CultureInfo.InvariantCulture, $"normalize mean {PreprocessingSpec.Format(_mean)} std {PreprocessingSpec.Format(_std!)}, ");
        if (SourceChannels == 1 && OutputChannels == 3)
            sb.Append("gray replicated to 3 channels, ");
        else if (OutputChannels == 3 && _channelMap[0] == 2)
            sb.Append("BGR, ");
        sb.Append(CultureInfo.InvariantCulture, $"-> float32 {OutputChannels}x{OutputHeight}x{OutputWidth}");
        return sb.ToString();
    }
}

/// <summary>Working memory of <see cref="PreprocessingPlan.Apply(ReadOnlySpan{byte}, in ImageInfo, Span{float}, PreprocessingScratch)"/>;
/// one per thread, reused across images.</summary>
public sealed class PreprocessingScratch
{
    internal int[] X0 = [], X1 = [], Y0 = [], Y1 = [];
    internal float[] WX0 = [], WX1 = [], WY0 = [], WY1 = [];
    internal readonly ResampleScratch Resample = new();
    private byte[] plane = [];
    /// <summary>A byte buffer callers may use to hold the source image.</summary>
    public byte[] Pixels { get; private set; } = [];

    public byte[] EnsurePixels(int bytes)
    {
        if (Pixels.Length < bytes)
            Pixels = new byte[bytes];
        return Pixels;
    }

    internal Span<byte> EnsurePlane(int bytes)
    {
        if (plane.Length < bytes) plane = new byte[bytes];
        return plane.AsSpan(0, bytes);
    }

    internal void Ensure(int height, int width)
    {
        if (X0.Length < width)
        {
            X0 = new int[width];
            X1 = new int[width];
            WX0 = new float[width];
            WX1 = new float[width];
        }
        if (Y0.Length < height)
        {
            Y0 = new int[height];
            Y1 = new int[height];
            WY0 = new float[height];
            WY1 = new float[height];
        }
    }
}
