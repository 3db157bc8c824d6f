using System.Buffers;
using System.Security.Cryptography;

namespace Grader.Server.Api.Submissions;

/// <summary>
/// An uploaded file part, received as it streams in: hashed on the way, kept in memory while small
/// and spilled to a temporary file (deleted on dispose) beyond <see cref="MemoryBytes"/>. A 64 MiB
/// model costs the API a few buffers, not 64 MiB and its copies; and because the bytes are on local
/// disk before the database is touched, a slow client never holds a database connection.
/// </summary>
public sealed class SpooledFile : IAsyncDisposable
{
    /// <summary>Small files (answers) stay in memory: one temporary file per upload would cost more than it saves.</summary>
    public const int MemoryBytes = 256 << 10;

    private MemoryStream? memory = new();
    private FileStream? file;

    private SpooledFile() { }

    public long Length { get; private set; }
    public byte[] Sha256 { get; private set; } = [];

    /// <summary>Reads <paramref name="body"/> to its end; null (and nothing kept) when it has more than <paramref name="limit"/> bytes.</summary>
    public static async Task<SpooledFile?> ReadAsync(Stream body, long limit, string spoolFolder, CancellationToken cancellationToken)
    {
        var spool = new SpooledFile();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = ArrayPool<byte>.Shared.Rent(64 << 10);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (spool.Length + read > limit)
                {
                    await spool.DisposeAsync();
                    return null;
                }
                hash.AppendData(chunk, 0, read);
                if (spool.file is null && spool.Length + read > MemoryBytes) await spool.SpillAsync(spoolFolder, cancellationToken);
                await ((Stream?)spool.file ?? spool.memory!).WriteAsync(chunk.AsMemory(0, read), cancellationToken);
                spool.Length += read;
            }
            spool.Sha256 = hash.GetHashAndReset();
            return spool;
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>The bytes from the start; the stream is this file's own, so read it before disposing.</summary>
    public Stream OpenRead()
    {
        if (file is not null)
        {
            file.Position = 0;
            return file;
        }
        return new MemoryStream(memory!.GetBuffer(), 0, (int)Length, writable: false);
    }

    private async Task SpillAsync(string folder, CancellationToken cancellationToken)
    {
        file = new FileStream(Path.Combine(folder, "grader-upload-" + Path.GetRandomFileName()), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 64 << 10, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        memory!.Position = 0;
        await memory.CopyToAsync(file, cancellationToken);
        memory = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (file is not null) await file.DisposeAsync();
        memory = null;
    }
}
