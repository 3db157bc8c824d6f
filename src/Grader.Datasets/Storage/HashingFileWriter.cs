using System.Security.Cryptography;

namespace Grader.Datasets.Storage;

/// <summary>Writes a file sequentially while computing its SHA-256.</summary>
internal sealed class HashingFileWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public HashingFileWriter(string path)
    {
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    public long Length { get; private set; }

    public void Write(ReadOnlySpan<byte> data)
    {
        _stream.Write(data);
        _hash.AppendData(data);
        Length += data.Length;
    }

    public void WriteByte(byte value)
    {
        Span<byte> one = [value];
        Write(one);
    }

    /// <summary>Flushes to disk and returns the digest; the writer is done afterwards.</summary>
    public FileDigest Complete()
    {
        _stream.Flush(flushToDisk: true);
        return new FileDigest(Length, Convert.ToHexStringLower(_hash.GetHashAndReset()));
    }

    public void Dispose()
    {
        _stream.Dispose();
        _hash.Dispose();
    }
}

internal static class FileHashing
{
    /// <summary>SHA-256 and MD5 of a file in one pass (MD5 only to compare with published checksums).</summary>
    public static (string Sha256, string Md5, long Size) Hash(string path, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        long size = 0;
        int n;
        while ((n = fs.Read(buffer)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            sha.AppendData(buffer, 0, n);
            md5.AppendData(buffer, 0, n);
            size += n;
        }
        return (Convert.ToHexStringLower(sha.GetHashAndReset()), Convert.ToHexStringLower(md5.GetHashAndReset()), size);
    }

    public static string Sha256(string path, CancellationToken ct)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Sha256(fs, ct);
    }

    public static string Sha256(Stream stream, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            sha.AppendData(buffer, 0, n);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
