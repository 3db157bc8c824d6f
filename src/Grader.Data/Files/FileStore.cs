using System.Buffers;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Grader.Data.Files;

/// <summary>
/// Content-addressed file storage in PostgreSQL, so a worker on any machine needs nothing but
/// the database connection. Identical bytes are stored once. A file up to <see cref="ChunkBytes"/>
/// is one row (file_blobs.content); a larger one is a file_blobs row and 1 MiB rows in file_chunks,
/// written from a stream one chunk at a time: storing a 64 MiB model holds one chunk in memory, in
/// the API and in PostgreSQL alike. (Chunk rows rather than large objects: they are ordinary rows,
/// transactional, deleted with their blob, and need no lo_unlink housekeeping or permissions.)
/// </summary>
public sealed class FileStore(IDbContextFactory<GraderDbContext> contexts)
{
    public const int ChunkBytes = 1 << 20;

    /// <summary>
    /// Stores the bytes (in their own short transaction, before the submission that names them)
    /// and returns their SHA-256. Storing the same bytes again, even concurrently, is harmless.
    /// A blob whose submission then fails to commit is an orphan, never a dangling reference.
    /// </summary>
    public async Task<byte[]> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await PutAsync(db, content, cancellationToken);
    }

    /// <summary>
    /// As above, through <paramref name="db"/>: inside its open transaction, the bytes commit with
    /// the submission that names them or not at all, so a refused upload leaves no orphan.
    /// </summary>
    public static async Task<byte[]> PutAsync(GraderDbContext db, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var sha = SHA256.HashData(content.Span);
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        await PutAsync(db, sha, content.Length, stream, cancellationToken);
        return sha;
    }

    /// <summary>
    /// Stores <paramref name="size"/> bytes read from <paramref name="content"/>, whose SHA-256 the
    /// caller computed while receiving them (<paramref name="sha256"/>). Bytes already stored are not
    /// read or sent again.
    /// </summary>
    public static async Task PutAsync(GraderDbContext db, byte[] sha256, long size, Stream content, CancellationToken cancellationToken)
    {
        if (size <= ChunkBytes)
        {
            var bytes = new byte[size];
            await content.ReadExactlyAsync(bytes, cancellationToken);
            // Hand-written for ON CONFLICT: one round trip, and the same bytes stored concurrently by
            // another upload are simply already there. Values are parameters.
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO file_blobs (sha256, size, content) VALUES ({sha256}, {size}, {bytes}) ON CONFLICT (sha256) DO NOTHING",
                cancellationToken);
            return;
        }
        // The blob row first: a concurrent upload of the same bytes waits here on it and then finds
        // it (DO NOTHING, no row returned), so exactly one transaction writes the chunks.
        var claimed = await db.Database.SqlQuery<int>(
                $"INSERT INTO file_blobs (sha256, size) VALUES ({sha256}, {size}) ON CONFLICT (sha256) DO NOTHING RETURNING 1 AS \"Value\"")
            .ToListAsync(cancellationToken);
        if (claimed.Count == 0) return;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            long left = size;
            for (int seq = 0; left > 0; seq++)
            {
                int length = (int)Math.Min(ChunkBytes, left);
                await content.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken);
                var data = new NpgsqlParameter<ReadOnlyMemory<byte>>("data", NpgsqlDbType.Bytea) { TypedValue = buffer.AsMemory(0, length) };
                await db.Database.ExecuteSqlRawAsync("INSERT INTO file_chunks (sha256, seq, data) VALUES (@sha, @seq, @data)",
                    [new NpgsqlParameter("sha", sha256), new NpgsqlParameter("seq", seq), data], cancellationToken);
                left -= length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<byte[]?> GetAsync(byte[] sha256, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var blob = await db.FileBlobs.AsNoTracking().Where(b => b.Sha256 == sha256).Select(b => new { b.Size, b.Content }).FirstOrDefaultAsync(cancellationToken);
        return blob is null ? null : blob.Content ?? await ReadChunksAsync(db, sha256, blob.Size, cancellationToken);
    }

    /// <summary>Several files in one query, by their SHA-256 in lower-case hex; absent ones are left out.</summary>
    public async Task<Dictionary<string, byte[]>> GetManyAsync(IEnumerable<byte[]> sha256s, CancellationToken cancellationToken)
    {
        var wanted = sha256s.DistinctBy(Convert.ToHexStringLower).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.FileBlobs.AsNoTracking().Where(b => wanted.Contains(b.Sha256)).Select(b => new { b.Sha256, b.Size, b.Content })
            .ToListAsync(cancellationToken);
        var files = new Dictionary<string, byte[]>();
        foreach (var blob in found)
            files[Convert.ToHexStringLower(blob.Sha256)] = blob.Content ?? await ReadChunksAsync(db, blob.Sha256, blob.Size, cancellationToken);
        return files;
    }

    /// <summary>A chunked blob's bytes, read chunk by chunk into one array of its size.</summary>
    private static async Task<byte[]> ReadChunksAsync(GraderDbContext db, byte[] sha256, long size, CancellationToken cancellationToken)
    {
        var bytes = new byte[size];
        int offset = 0;
        await foreach (var chunk in db.Database.SqlQuery<byte[]>($"SELECT data AS \"Value\" FROM file_chunks WHERE sha256 = {sha256} ORDER BY seq")
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (offset + chunk.Length > size) throw new InvalidDataException($"file {Convert.ToHexStringLower(sha256)}: chunks exceed its size {size}");
            chunk.CopyTo(bytes, offset);
            offset += chunk.Length;
        }
        return offset == size ? bytes : throw new InvalidDataException($"file {Convert.ToHexStringLower(sha256)}: chunks hold {offset} of its {size} bytes");
    }
}
