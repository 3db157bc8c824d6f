using System.Security.Cryptography;
using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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
        var sha = SHA256.HashData(content.Span);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.FileBlobs.AnyAsync(b => b.Sha256 == sha, cancellationToken)) return sha;
        db.FileBlobs.Add(new FileBlob { Sha256 = sha, Size = content.Length, Content = content.ToArray() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another upload stored the same bytes between our check and our insert: it is there.
        }
        return sha;
    }

    public async Task<byte[]?> GetAsync(byte[] sha256, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.FileBlobs.Where(b => b.Sha256 == sha256).Select(b => b.Content).FirstOrDefaultAsync(cancellationToken);
    }
}
