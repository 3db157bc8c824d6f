using Grader.Data;
using Grader.Data.Security;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Web.Auth;

/// <summary>Checks dashboard credentials: a staff login with password, or a student's API token.</summary>
public sealed class DashboardSignIn(IDbContextFactory<GraderDbContext> contexts)
{
    /// <summary>Verified once per process so that an unknown login costs as much as a wrong password.</summary>
    private static readonly string DummyHash = PasswordHasher.Hash("no such user, no such password");

    /// <summary>The staff member with all the courses where this password is theirs; null if none.</summary>
    public async Task<PageUser?> StaffAsync(string login, string password, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Staff.AsNoTracking().Where(s => s.ExternalId == login && s.PasswordHash != null)
            .OrderBy(s => s.CourseId).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            PasswordHasher.Verify(password, DummyHash);
            return null;
        }
        // Usually one hash for all rows (one login, one password); verify each distinct one once.
        var verified = rows.Select(r => r.PasswordHash!).Distinct()
            .Where(hash => PasswordHasher.Verify(password, hash)).ToHashSet();
        var memberships = rows.Where(r => verified.Contains(r.PasswordHash!))
            .Select(r => new StaffMembership(r.CourseId, r.Id, r.Role)).ToList();
        return memberships.Count == 0 ? null : new PageUser(login, rows[0].Name, null, memberships);
    }

    /// <summary>The student owning this (unrevoked, unexpired) token; null otherwise.</summary>
    public async Task<PageUser?> StudentAsync(string token, CancellationToken cancellationToken)
    {
        token = token.Trim();
        if (token.Length is 0 or > 200) return null;
        var hash = TokenHasher.Hash(token);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var student = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null && t.Student != null
                && (t.ExpiresAt == null || t.ExpiresAt > DateTimeOffset.UtcNow))
            .Select(t => t.Student!)
            .FirstOrDefaultAsync(cancellationToken);
        return student is null
            ? null
            : new PageUser(student.ExternalId, student.Name, new StudentIdentity(student.Id, student.CourseId, student.IndexNumber), []);
    }
}
