using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Files;

/// <summary>
/// Content-addressed file storage in PostgreSQL, so a worker on any machine needs nothing but
/// the database connection. Identical bytes are stored once.
/// </summary>
public sealed class FileStore(IDbContextFactory<GraderDbContext> contexts)
{
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
        // A large file (a model) is looked for first, so a re-upload does not send its megabytes
        // again; small ones (answers files, every upload) go straight in.
        if (content.Length > LookFirstBytes && await db.FileBlobs.AnyAsync(b => b.Sha256 == sha, cancellationToken)) return sha;
        // Hand-written for ON CONFLICT: one round trip, and the same bytes stored concurrently by
        // another upload are simply already there. Values are parameters.
        var bytes = content.ToArray();
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO file_blobs (sha256, size, content) VALUES ({sha}, {(long)bytes.Length}, {bytes}) ON CONFLICT (sha256) DO NOTHING",
            cancellationToken);
        return sha;
    }

    private const int LookFirstBytes = 1 << 20;

    public async Task<byte[]?> GetAsync(byte[] sha256, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.FileBlobs.Where(b => b.Sha256 == sha256).Select(b => b.Content).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Several files in one query, by their SHA-256 in lower-case hex; absent ones are left out.</summary>
    public async Task<Dictionary<string, byte[]>> GetManyAsync(IEnumerable<byte[]> sha256s, CancellationToken cancellationToken)
    {
        var wanted = sha256s.DistinctBy(Convert.ToHexStringLower).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.FileBlobs.Where(b => wanted.Contains(b.Sha256)).Select(b => new { b.Sha256, b.Content })
            .ToListAsync(cancellationToken);
        return found.ToDictionary(b => Convert.ToHexStringLower(b.Sha256), b => b.Content);
    }
}
