using Grader.Data;
using Grader.Data.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Grader.Server.Auth;

/// <summary>
/// Finds the owner of a bearer token. Every API request needs this, so a found token is
/// remembered for <see cref="Lifetime"/>: a burst of uploads costs one database round trip, not
/// one per request. The price is that a revoked token keeps working for up to that long on a
/// server that saw it just before (README, "Configuration"). Unknown tokens are not remembered, so
/// a flood of made-up tokens cannot fill the cache.
/// </summary>
public sealed class TokenLookup(IDbContextFactory<GraderDbContext> contexts)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public async Task<Caller?> FindAsync(string token, CancellationToken cancellationToken)
    {
        var hash = TokenHasher.Hash(token);
        var key = Convert.ToBase64String(hash);
        if (cache.TryGetValue(key, out Caller? cached)) return cached;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .Select(t => new { t.TokenHash, t.ExpiresAt, t.Student, t.Staff })
            .FirstOrDefaultAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        if (row is null || !TokenHasher.Matches(token, row.TokenHash) || row.ExpiresAt < now) return null;

        var caller = row.Student is { } s
            ? new Caller(CallerKind.Student, s.Id, s.CourseId, s.ExternalId, s.Name, s.IndexNumber)
            : new Caller(CallerKind.Staff, row.Staff!.Id, row.Staff.CourseId, row.Staff.ExternalId, row.Staff.Name, null);
        var until = row.ExpiresAt is { } expires && expires < now + Lifetime ? expires : now + Lifetime;
        cache.Set(key, caller, new MemoryCacheEntryOptions { AbsoluteExpiration = until, Size = 1 });
        return caller;
    }
}
