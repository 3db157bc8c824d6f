namespace Grader.Datasets.Imaging;

/// <summary>Header of a PPM image.</summary>
/// <param name="Binary">True for P6 (binary raster), false for P3 (ASCII raster).</param>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
/// <param name="MaxValue">Largest sample value, 1..65535 (two bytes per sample in P6 above 255).</param>
/// <param name="RasterOffset">Offset of the first raster byte in the file.</param>
public sealed record PpmHeader(bool Binary, int Width, int Height, int MaxValue, int RasterOffset);

/// <summary>Size limits that stop absurd headers before anything is allocated.</summary>
public sealed record PpmLimits(int MaxSide = 8192, long MaxPixels = 1L << 25)
{
    public static PpmLimits Default { get; } = new();
}

/// <summary>
/// Decoder of colour Netpbm images: P6 (binary, the GTSRB format) and P3 (ASCII).
/// Header grammar (netpbm): magic, whitespace, width, whitespace, height, whitespace, maxval,
/// exactly one whitespace character, raster; <c>#</c> comments run to the end of the line and may
/// appear anywhere in the header before the maxval. Samples are R,G,B per pixel, rows top to
/// bottom. A maxval other than 255 is rescaled to 0..255 with round-half-up
/// (<c>(v * 255 + maxval / 2) / maxval</c> in integers); P6 with maxval &gt; 255 uses 2-byte
/// big-endian samples. Bytes after the raster are ignored. Every malformation raises a
/// <see cref="DatasetFormatException"/> naming the source.
/// </summary>
public static class PpmDecoder
{
    public static PpmHeader ReadHeader(ReadOnlySpan<byte> data, string source = "PPM", PpmLimits? limits = null)
    {
        limits ??= PpmLimits.Default;
        if (data.Length < 2 || data[0] != (byte)'P')
            throw new DatasetFormatException($"{source}: not a PPM image (no 'P6'/'P3' magic)");
        bool binary = data[1] switch
        {
            (byte)'6' => true,
            (byte)'3' => false,
            (byte)'1' or (byte)'2' or (byte)'4' or (byte)'5' or (byte)'7' =>
                throw new DatasetFormatException($"{source}: Netpbm format P{(char)data[1]} is not a colour PPM (P6 or P3)"),
            _ => throw new DatasetFormatException($"{source}: not a PPM image (no 'P6'/'P3' magic)"),
        };
        int pos = 2;
        int width = ReadHeaderNumber(data, ref pos, source, "width");
        int height = ReadHeaderNumber(data, ref pos, source, "height");
        int maxValue = ReadHeaderNumber(data, ref pos, source, "maxval");
        if (pos >= data.Length)
            throw new DatasetFormatException($"{source}: truncated header (no whitespace after the maxval)");
        if (!IsSpace(data[pos]))
            throw new DatasetFormatException($"{source}: bad header: maxval must be followed by one whitespace character");
        pos++;
        if (width == 0 || height == 0)
            throw new DatasetFormatException($"{source}: empty image ({width}x{height})");
        if (width > limits.MaxSide || height > limits.MaxSide || (long)width * height > limits.MaxPixels)
            throw new DatasetFormatException(
                $"{source}: implausible image size {width}x{height} (limits: side {limits.MaxSide}, {limits.MaxPixels} pixels)");
        if (maxValue is < 1 or > 65535)
            throw new DatasetFormatException($"{source}: maxval {maxValue} is outside 1..65535");
        return new PpmHeader(binary, width, height, maxValue, pos);
    }

    /// <summary>Decodes a whole PPM file into a planar RGB image.</summary>
    public static PlanarImage Decode(ReadOnlySpan<byte> data, string source = "PPM", PpmLimits? limits = null)
    {
        var header = ReadHeader(data, source, limits);
        var pixels = new byte[3 * header.Width * header.Height];
        DecodePlanar(data, header, pixels, source);
        return new PlanarImage(header.Width, header.Height, 3, pixels);
    }

    /// <summary>Decodes the raster described by <paramref name="header"/> into planar RGB
    /// (<c>3 * Width * Height</c> bytes of <paramref name="chw"/>).</summary>
    public static void DecodePlanar(ReadOnlySpan<byte> data, PpmHeader header, Span<byte> chw, string source = "PPM")
    {
        int plane = header.Width * header.Height;
        if (chw.Length < 3 * plane)
            throw new ArgumentException("destination too small for the image", nameof(chw));
        var raster = data[header.RasterOffset..];
        var r = chw[..plane];
        var g = chw.Slice(plane, plane);
        var b = chw.Slice(2 * plane, plane);
        int max = header.MaxValue;
        if (header.Binary)
        {
            int bytesPerSample = max > 255 ? 2 : 1;
            long need = 3L * plane * bytesPerSample;
            if (raster.Length < need)
                throw new DatasetFormatException(
                    $"{source}: truncated raster: {header.Width}x{header.Height} needs {need} bytes, the file has {raster.Length}");
            if (bytesPerSample == 1)
            {
                if (max == 255)
                {
                    for (int p = 0, s = 0; p < plane; p++, s += 3)
                    {
                        r[p] = raster[s];
                        g[p] = raster[s + 1];
                        b[p] = raster[s + 2];
                    }
                }
                else
                {
                    for (int p = 0, s = 0; p < plane; p++, s += 3)
                    {
                        r[p] = Scale(raster[s], max, source);
                        g[p] = Scale(raster[s + 1], max, source);
                        b[p] = Scale(raster[s + 2], max, source);
                    }
                }
            }
            else
            {
                for (int p = 0, s = 0; p < plane; p++, s += 6)
                {
                    r[p] = Scale((raster[s] << 8) | raster[s + 1], max, source);
                    g[p] = Scale((raster[s + 2] << 8) | raster[s + 3], max, source);
                    b[p] = Scale((raster[s + 4] << 8) | raster[s + 5], max, source);
                }
            }
        }
        else
        {
            int pos = 0;
            for (int p = 0; p < plane; p++)
            {
                r[p] = Scale(ReadAsciiSample(raster, ref pos, source), max, source);
                g[p] = Scale(ReadAsciiSample(raster, ref pos, source), max, source);
                b[p] = Scale(ReadAsciiSample(raster, ref pos, source), max, source);
            }
        }
    }

    private static byte Scale(int v, int max, string source)
    {
        if (v > max)
            throw new DatasetFormatException($"{source}: sample value {v} exceeds maxval {max}");
        return max == 255 ? (byte)v : (byte)((v * 255 + max / 2) / max);
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';

    private static int ReadHeaderNumber(ReadOnlySpan<byte> data, ref int pos, string source, string what)
    {
        // Whitespace and comments before the number; at least one whitespace/comment is required.
        int start = pos;
        while (pos < data.Length)
        {
            if (IsSpace(data[pos]))
                pos++;
            else if (data[pos] == (byte)'#')
            {
                while (pos < data.Length && data[pos] != (byte)'\n' && data[pos] != (byte)'\r')
                    pos++;
            }
            else
                break;
        }
        if (pos >= data.Length)
            throw new DatasetFormatException($"{source}: truncated header (no {what})");
        if (pos == start)
            throw new DatasetFormatException($"{source}: bad header: missing whitespace before the {what}");
        return ParseDigits(data, ref pos, source, $"header {what}");
    }

    private static int ParseDigits(ReadOnlySpan<byte> data, ref int pos, string source, string what)
    {
        if (pos >= data.Length || data[pos] is < (byte)'0' or > (byte)'9')
        {
            string found = pos < data.Length ? $"'{(char)data[pos]}'" : "end of file";
            throw new DatasetFormatException($"{source}: bad {what}: expected a decimal number, found {found}");
        }
        long value = 0;
        while (pos < data.Length && data[pos] is >= (byte)'0' and <= (byte)'9')
        {
            value = value * 10 + (data[pos] - '0');
            if (value > int.MaxValue)
                throw new DatasetFormatException($"{source}: bad {what}: number too large");
            pos++;
        }
        if (pos < data.Length && !IsSpace(data[pos]) && data[pos] != (byte)'#')
            throw new DatasetFormatException($"{source}: bad {what}: unexpected character '{(char)data[pos]}' after a number");
        return (int)value;
    }

    private static int ReadAsciiSample(ReadOnlySpan<byte> raster, ref int pos, string source)
    {
        while (pos < raster.Length && (IsSpace(raster[pos]) || raster[pos] == (byte)'#'))
        {
            if (raster[pos] == (byte)'#')
            {
                while (pos < raster.Length && raster[pos] != (byte)'\n' && raster[pos] != (byte)'\r')
                    pos++;
            }
            else
                pos++;
        }
        if (pos >= raster.Length)
            throw new DatasetFormatException($"{source}: truncated raster: fewer samples than width x height x 3");
        return ParseDigits(raster, ref pos, source, "raster sample");
    }
}
