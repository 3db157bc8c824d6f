namespace Grader.Datasets.Imaging;

/// <summary>
/// An 8-bit image in planar (channel-major, "CHW") order: all of channel 0 row by row, then
/// channel 1, ... This is the layout of the internal store and of CIFAR-10, and what the
/// preprocessing reads. Channel order is RGB for colour images.
/// </summary>
public sealed class PlanarImage
{
    public PlanarImage(int width, int height, int channels, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width <= 0 || height <= 0 || channels <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"bad image size {channels}x{height}x{width}");
        if (pixels.Length != (long)width * height * channels)
            throw new ArgumentException($"{pixels.Length} bytes for a {channels}x{height}x{width} image", nameof(pixels));
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }
    /// <summary>CHW bytes, <c>Channels * Height * Width</c> long.</summary>
    public byte[] Pixels { get; }

    public byte this[int channel, int y, int x] => Pixels[(channel * Height + y) * Width + x];

    /// <summary>Converts interleaved (HWC, e.g. RGBRGB...) bytes to planar.</summary>
    public static void InterleavedToPlanar(ReadOnlySpan<byte> hwc, int width, int height, int channels, Span<byte> chw)
    {
        int plane = width * height;
        if (hwc.Length < plane * channels || chw.Length < plane * channels)
            throw new ArgumentException("buffer too small for the image");
        if (channels == 1)
        {
            hwc[..plane].CopyTo(chw);
            return;
        }
        for (int p = 0, s = 0; p < plane; p++)
        {
            for (int c = 0; c < channels; c++)
                chw[c * plane + p] = hwc[s++];
        }
    }
}
