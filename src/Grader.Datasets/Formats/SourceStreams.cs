using System.IO.Compression;

namespace Grader.Datasets.Formats;

internal static class SourceStreams
{
    /// <summary>Opens a file for sequential reading, transparently gunzipping it when it starts
    /// with the gzip magic bytes (1f 8b), whatever its extension.</summary>
    public static Stream OpenMaybeGzip(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            return WrapMaybeGzip(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Wraps a seekable stream in a <see cref="GZipStream"/> when it starts with 1f 8b.</summary>
    public static Stream WrapMaybeGzip(Stream stream)
    {
        if (!stream.CanSeek)
            return stream;
        long start = stream.Position;
        int b0 = stream.ReadByte();
        int b1 = b0 < 0 ? -1 : stream.ReadByte();
        stream.Position = start;
        return b0 == 0x1f && b1 == 0x8b ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: false) : stream;
    }

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes; returns how many were read (less only at end of stream).</summary>
    public static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }

    public static bool AtEnd(Stream stream)
    {
        Span<byte> one = stackalloc byte[1];
        return stream.Read(one) == 0;
    }
}
