using System.Security.Cryptography;
using System.Text;
using Grader.Data;
using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Web.Auth;

/// <summary>
/// Server-side dashboard sessions. The sign-in cookie carries only a random session id; each page
/// request looks the session up and builds the user from the database. Signing out ends the
/// session, so a cookie saved before then opens nothing; a password change, a removal or the
/// revocation of the token a student signed in with end it too, on every API process at once.
/// </summary>
public sealed class DashboardSessions(IDbContextFactory<GraderDbContext> contexts, TimeProvider time)
{
    public const string SessionClaim = "grader:session";

    /// <summary>A session unused this long ends (as the cookie's sliding expiry does).</summary>
    public static TimeSpan IdleTimeout => Data.Security.Sessions.IdleTimeout;

    /// <summary>How stale last_seen_at may get before a request writes it: one write per session per interval, not per request.</summary>
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(5);

    /// <summary>Ended and idle sessions are kept this long (for `grader admin staff list` and inquiries), then deleted at a sign-in.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    public async Task<string> StartAsync(SignedIn who, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var old = now - KeptFor;
        await db.DashboardSessions.Where(s => s.LastSeenAt < old || s.EndedAt < old).ExecuteDeleteAsync(cancellationToken);
        db.DashboardSessions.Add(new DashboardSession
        {
            IdHash = Hash(key), StaffAccountId = who.StaffAccountId, StudentId = who.StudentId, TokenId = who.TokenId,
            CreatedAt = now, LastSeenAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    /// <summary>The user of a live session; null when the session ended, idled out, or its person or token may no longer sign in.</summary>
    public async Task<PageUser?> ResolveAsync(string key, CancellationToken cancellationToken)
    {
        var hash = Hash(key);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await db.DashboardSessions.FirstOrDefaultAsync(s => s.IdHash == hash && s.EndedAt == null, cancellationToken);
        if (session is null || now - session.LastSeenAt > IdleTimeout) return null;
        var user = session.StaffAccountId is { } accountId
            ? await StaffUserAsync(db, accountId, cancellationToken)
            : await StudentUserAsync(db, session.StudentId!.Value, session.TokenId!.Value, now, cancellationToken);
        if (user is not null && now - session.LastSeenAt > TouchEvery)
        {
            session.LastSeenAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return user;
    }

    public async Task EndAsync(string key, CancellationToken cancellationToken)
    {
        var hash = Hash(key);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.DashboardSessions.Where(s => s.IdHash == hash && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), cancellationToken);
    }

    private static async Task<PageUser?> StaffUserAsync(GraderDbContext db, long accountId, CancellationToken cancellationToken)
    {
        var account = await db.StaffAccounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.Login, a.Name, Memberships = a.Memberships.Where(m => m.RemovedAt == null).OrderBy(m => m.CourseId).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        // Removed from every course: nothing left to open.
        if (account is null || account.Memberships.Count == 0) return null;
        return new PageUser(account.Login, account.Name, null,
            [.. account.Memberships.Select(m => new StaffMembership(m.CourseId, m.Id, m.Role))], accountId);
    }

    private static async Task<PageUser?> StudentUserAsync(GraderDbContext db, long studentId, long tokenId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var student = await db.ApiTokens.AsNoTracking()
            .Where(t => t.Id == tokenId && t.StudentId == studentId && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now)
                && t.Student!.RemovedAt == null)
            .Select(t => t.Student!)
            .FirstOrDefaultAsync(cancellationToken);
        return student is null
            ? null
            : new PageUser(student.ExternalId, student.Name, new StudentIdentity(student.Id, student.CourseId, student.IndexNumber), []);
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

/// <summary>Who a new session is for: a staff account, or a student with the token they signed in with.</summary>
public sealed record SignedIn(long? StaffAccountId, long? StudentId, long? TokenId)
{
    public static SignedIn Staff(long accountId) => new(accountId, null, null);
    public static SignedIn StudentWith(long studentId, long tokenId) => new(null, studentId, tokenId);
}
