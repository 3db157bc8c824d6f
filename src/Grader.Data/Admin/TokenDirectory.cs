using Grader.Data.Entities;
using Grader.Data.Security;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Admin;

/// <summary>A token as the operator sees it: never the token itself, which is shown once when issued.</summary>
public sealed record TokenInfo(long Id, string Owner, string Label, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    public string State(DateTimeOffset now) => RevokedAt is not null ? "revoked" : ExpiresAt <= now ? "expired" : "active";
}

/// <summary><c>grader admin token list|revoke|rotate</c> and a course's token expiry.</summary>
public static class TokenDirectory
{
    /// <summary>The tokens of a course's students and staff, newest first; only active ones unless <paramref name="all"/>.</summary>
    public static async Task<IReadOnlyList<TokenInfo>> ListAsync(IDbContextFactory<GraderDbContext> contexts, string courseId, bool all,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var staffOfCourse = db.Staff.Where(m => m.CourseId == courseId && m.RemovedAt == null).Select(m => m.AccountId);
        var rows = await db.ApiTokens.AsNoTracking()
            .Where(t => (t.Student != null && t.Student.CourseId == courseId) || (t.StaffAccountId != null && staffOfCourse.Contains(t.StaffAccountId.Value)))
            .Where(t => all || (t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now)))
            .OrderByDescending(t => t.Id)
            .Select(t => new TokenInfo(t.Id, t.Student != null ? "student " + t.Student.ExternalId : "staff " + t.StaffAccount!.Login,
                t.Label, t.CreatedAt, t.ExpiresAt, t.RevokedAt))
            .ToListAsync(cancellationToken);
        return rows;
    }

    /// <summary>Revokes one token by its id (from <see cref="ListAsync"/>).</summary>
    public static async Task<AdminOutcome> RevokeAsync(IDbContextFactory<GraderDbContext> contexts, long tokenId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.ApiTokens.AnyAsync(t => t.Id == tokenId, cancellationToken)) return AdminOutcome.Refused($"no token {tokenId}");
        int revoked = await Tokens.RevokeWhereAsync(db, db.ApiTokens.Where(t => t.Id == tokenId), cancellationToken);
        return AdminOutcome.Done(revoked == 0
            ? $"token {tokenId} was already revoked or expired; nothing changed"
            : $"token {tokenId} revoked; requests and dashboard sessions with it are refused from now on");
    }

    /// <summary>Revokes every token of a student.</summary>
    public static async Task<AdminOutcome> RevokeStudentAsync(IDbContextFactory<GraderDbContext> contexts, string courseId, string externalId,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var student = await db.Students.AsNoTracking().FirstOrDefaultAsync(s => s.CourseId == courseId && s.ExternalId == externalId, cancellationToken);
        if (student is null) return AdminOutcome.Refused($"no student '{externalId}' in {courseId}");
        int revoked = await Tokens.RevokeWhereAsync(db, db.ApiTokens.Where(t => t.StudentId == student.Id), cancellationToken);
        return AdminOutcome.Done($"{externalId} of {courseId}: {StaffDirectory.Plural(revoked, "token")} revoked");
    }

    /// <summary>Revokes the staff token of a person.</summary>
    public static async Task<AdminOutcome> RevokeStaffAsync(IDbContextFactory<GraderDbContext> contexts, string login, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = await db.StaffAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Login == login, cancellationToken);
        if (account is null) return AdminOutcome.Refused($"no staff account '{login}'");
        int revoked = await Tokens.RevokeWhereAsync(db, db.ApiTokens.Where(t => t.StaffAccountId == account.Id), cancellationToken);
        return AdminOutcome.Done($"staff {login}: {StaffDirectory.Plural(revoked, "token")} revoked");
    }

    /// <summary>A new token for the student, revoking the old one (a token that leaked, say).</summary>
    public static async Task<AdminOutcome> RotateStudentAsync(IDbContextFactory<GraderDbContext> contexts, string courseId, string externalId,
        CancellationToken cancellationToken)
    {
        Student? student;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            student = await db.Students.AsNoTracking()
                .FirstOrDefaultAsync(s => s.CourseId == courseId && s.ExternalId == externalId && s.RemovedAt == null, cancellationToken);
        if (student is null)
            return AdminOutcome.Refused($"no student '{externalId}' in {courseId} (a removed student comes back through the roster)");
        var issued = await PeopleDirectory.AddStudentAsync(contexts, courseId, externalId, student.Name, student.IndexNumber, cancellationToken);
        return new AdminOutcome(true,
            [$"{externalId} of {courseId}: new token issued ({Expiry(issued.ExpiresAt)}); {StaffDirectory.Plural(issued.Revoked, "earlier token")} revoked"],
            issued.Token);
    }

    /// <summary>
    /// Sets when the course's tokens expire (null: never): tokens issued from now on get it, and so do the
    /// course's active student tokens, so that the term's end ends them all.
    /// </summary>
    public static async Task<AdminOutcome> SetCourseExpiryAsync(IDbContextFactory<GraderDbContext> contexts, string courseId,
        DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var course = await db.Courses.SingleAsync(c => c.Id == courseId, cancellationToken);
        course.TokensExpireAt = expiresAt;
        await db.SaveChangesAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        int changed = await db.ApiTokens
            .Where(t => t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now) && t.Student!.CourseId == courseId)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.ExpiresAt, expiresAt), cancellationToken);
        return AdminOutcome.Done($"tokens of {courseId}: {Expiry(expiresAt)}; {StaffDirectory.Plural(changed, "student token")} set so");
    }

    public static string Expiry(DateTimeOffset? expiresAt) => expiresAt is { } e ? $"expires {e.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "no expiry";
}
