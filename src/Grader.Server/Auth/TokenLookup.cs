using Grader.Data;
using Grader.Data.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Grader.Server.Auth;

/// <summary>
/// Finds the owner of a bearer token. Every API request needs this, so a found token is
/// remembered for <see cref="Lifetime"/>: a burst of uploads costs one database round trip, not
/// one per request. What is remembered is dropped at once whenever a token, student or staff
/// member changes anywhere (<see cref="CredentialChanges"/>), and nothing is remembered while that
/// notification is not being listened for: a revoked token stops working at once on every API
/// process. Unknown tokens are not remembered, so a flood of made-up tokens cannot fill the cache.
/// </summary>
public sealed class TokenLookup(IDbContextFactory<GraderDbContext> contexts, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private volatile MemoryCache cache = NewCache();
    private volatile bool caching;

    public bool Caching => caching;

    /// <summary>Called when credential changes are (again) being listened for, or not.</summary>
    public void SetCaching(bool enabled)
    {
        caching = enabled;
        Forget();
    }

    /// <summary>Drops everything remembered (a credential changed somewhere).</summary>
    public void Forget() => cache = NewCache(); // not disposed: a request may still be reading the old one

    /// <summary>The owner of a token found a moment ago, without asking the database; null otherwise.</summary>
    public Caller? Remembered(string token) =>
        caching && cache.TryGetValue(Convert.ToBase64String(TokenHasher.Hash(token)), out Caller? cached) ? cached : null;

    public async Task<Caller?> FindAsync(string token, CancellationToken cancellationToken)
    {
        var hash = TokenHasher.Hash(token);
        var key = Convert.ToBase64String(hash);
        var now = time.GetUtcNow();
        var current = cache;
        if (caching && current.TryGetValue(key, out Caller? cached)) return cached;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .Select(t => new
            {
                t.TokenHash, t.ExpiresAt, t.Student,
                Account = t.StaffAccount,
                StaffCourses = db.Staff.Where(m => m.AccountId == t.StaffAccountId && m.RemovedAt == null).OrderBy(m => m.CourseId)
                    .Select(m => m.CourseId).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null || !TokenHasher.Matches(token, row.TokenHash) || row.ExpiresAt <= now || row.Student?.RemovedAt is not null)
            return null;

        var caller = row.Student is { } s
            ? new Caller(CallerKind.Student, s.Id, s.CourseId, s.ExternalId, s.Name, s.IndexNumber, [])
            : new Caller(CallerKind.Staff, row.Account!.Id, "", row.Account.Login, row.Account.Name, null, row.StaffCourses);
        var until = row.ExpiresAt is { } expires && expires < now + Lifetime ? expires : now + Lifetime;
        if (caching) current.Set(key, caller, new MemoryCacheEntryOptions { AbsoluteExpiration = until, Size = 1 });
        return caller;
    }

    private static MemoryCache NewCache() => new(new MemoryCacheOptions { SizeLimit = 100_000 });
}
