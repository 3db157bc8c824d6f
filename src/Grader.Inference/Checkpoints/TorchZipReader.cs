using System.IO.Compression;
using Grader.Inference.Safety;

namespace Grader.Inference.Checkpoints;

/// <summary>
/// The zip container torch.save writes since PyTorch 1.6: <c>&lt;name&gt;/data.pkl</c> plus one
/// entry per storage under <c>&lt;name&gt;/data/</c>. Entry count, per-entry and total decompressed
/// size are bounded (sizes are counted while inflating, not trusted from the header), and entry
/// names with absolute paths, <c>..</c> or backslashes are refused. Nothing is written to disk.
/// </summary>
internal static class TorchZipReader
{
    public static StateDict Read(byte[] bytes, ModelLimits limits)
    {
        if (ZipDirectory.DeclaredEntries(bytes) is { } declared && declared > limits.MaxArchiveEntries)
            throw new ModelLoadException($"checkpoint: the archive declares {declared:N0} entries; the limit is {limits.MaxArchiveEntries:N0}");
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new ModelLoadException($"checkpoint: the file is not a readable zip archive ({e.Message})", e);
        }
        using (zip)
        {
            if (zip.Entries.Count > limits.MaxArchiveEntries)
                throw new ModelLoadException($"checkpoint: the archive has {zip.Entries.Count:N0} entries; the limit is {limits.MaxArchiveEntries:N0}");
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            string? root = null;
            foreach (var e in zip.Entries)
            {
                CheckName(e.FullName);
                string top = e.FullName.Split('/')[0];
                root ??= top;
                if (top != root) throw new ModelLoadException($"checkpoint: entry '{e.FullName}' is outside the archive folder '{root}'");
                if (!entries.TryAdd(e.FullName, e)) throw new ModelLoadException($"checkpoint: entry '{e.FullName}' appears twice");
            }
            var pickle = entries.GetValueOrDefault($"{root}/data.pkl")
                ?? throw new ModelLoadException("checkpoint: the archive has no data.pkl (is it a torch.save file?)");
            long budget = limits.MaxDecompressedBytes;
            var code = Inflate(pickle, ref budget);
            var result = PickleReader.Run(code, (key, type, numel) =>
            {
                if (key.Length == 0 || key.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '_'))
                    throw new ModelLoadException($"checkpoint: storage key '{key}' is not a plain name");
                var entry = entries.GetValueOrDefault($"{root}/data/{key}")
                    ?? throw new ModelLoadException($"checkpoint: storage '{key}' is missing from the archive (truncated file?)");
                return Inflate(entry, ref budget);
            }, limits.MaxParameters);
            return StateDictResult.FromPickle(result);
        }
    }

    private static void CheckName(string name)
    {
        if (name.Length == 0 || name.StartsWith('/') || name.Contains('\\') || name.Contains(':')
            || name.Split('/').Any(part => part is ".." or "."))
            throw new ModelLoadException($"checkpoint: the archive entry name '{name}' is a path trick (absolute, .. or drive); refused");
    }

    private const int MaxCompressionRatio = 50;
    private const long MinBombBytes = 1 << 20;

    /// <summary>Decompresses one entry, never more than its declared length nor the remaining budget.</summary>
    private static byte[] Inflate(ZipArchiveEntry entry, ref long budget)
    {
        if (entry.Length > budget || entry.Length > int.MaxValue - 64)
            throw new ModelLoadException($"checkpoint: entry '{entry.FullName}' declares {entry.Length:N0} bytes, over the decompressed-size limit");
        // torch.save stores its entries uncompressed and trained weights barely compress, so a
        // large entry that inflates far beyond its compressed size is a zip bomb, refused before
        // a byte of it is inflated.
        if (entry.Length > MinBombBytes && entry.Length > MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
            throw new ModelLoadException(
                $"checkpoint: entry '{entry.FullName}' inflates {entry.CompressedLength:N0} bytes to {entry.Length:N0} (over {MaxCompressionRatio}:1): a zip bomb, refused");
        var buffer = new byte[entry.Length];
        try
        {
            using var s = entry.Open();
            int read = 0;
            while (read < buffer.Length)
            {
                int n = s.Read(buffer, read, buffer.Length - read);
                if (n == 0) throw new ModelLoadException($"checkpoint: entry '{entry.FullName}' is truncated ({read:N0} of {buffer.Length:N0} bytes)");
                read += n;
            }
            // A lying header: more data than declared is refused rather than read.
            Span<byte> one = stackalloc byte[1];
            if (s.Read(one) != 0) throw new ModelLoadException($"checkpoint: entry '{entry.FullName}' inflates past its declared size");
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            throw new ModelLoadException($"checkpoint: entry '{entry.FullName}' is damaged ({e.Message})", e);
        }
        budget -= buffer.Length;
        return buffer;
    }
}
