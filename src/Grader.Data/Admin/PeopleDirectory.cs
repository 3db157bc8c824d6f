using Grader.Data.Entities;
using Grader.Data.Security;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Admin;

/// <summary>A course's students and their API tokens (staff: <see cref="StaffDirectory"/>).</summary>
public static class PeopleDirectory
{
    /// <summary>
    /// Adds the student, or updates the name and index of an existing one with that id (bringing back
    /// one who was removed), and issues a new token, expiring when the course's tokens do. Any token
    /// the student had before is revoked (with the dashboard sessions made with it): one token per
    /// student. With <paramref name="onlyNew"/>, a student who still has a valid token keeps it and
    /// gets none. The token is returned once; only its hash is stored.
    /// </summary>
    public static async Task<IssuedToken> AddStudentAsync(IDbContextFactory<GraderDbContext> contexts, string courseId,
        string externalId, string name, string? indexNumber, CancellationToken cancellationToken, bool onlyNew = false)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var course = await db.Courses.AsNoTracking().SingleAsync(c => c.Id == courseId, cancellationToken);
        var student = await db.Students.FirstOrDefaultAsync(s => s.CourseId == courseId && s.ExternalId == externalId, cancellationToken);
        var change = StudentChange.Updated;
        if (student is null)
        {
            student = new Student { CourseId = courseId, ExternalId = externalId, Name = name, IndexNumber = indexNumber };
            db.Students.Add(student);
            change = StudentChange.Added;
        }
        else
        {
            if (student.RemovedAt is not null) change = StudentChange.Restored;
            student.Name = name;
            student.IndexNumber = indexNumber;
            student.RemovedAt = null;
        }
        var now = DateTimeOffset.UtcNow;
        string? token = null;
        int revoked = 0;
        if (!onlyNew || change == StudentChange.Added
            || !await db.ApiTokens.AnyAsync(t => t.StudentId == student.Id && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now), cancellationToken))
        {
            if (change != StudentChange.Added)
                revoked = await Tokens.RevokeWhereAsync(db, db.ApiTokens.Where(t => t.StudentId == student.Id), cancellationToken);
            token = Tokens.IssueForStudent(db, student, course.TokensExpireAt, "roster");
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new IssuedToken(student.Id, externalId, token ?? "", change, revoked, token is null ? null : course.TokensExpireAt);
    }

    /// <summary>
    /// Takes the student off the course: their tokens are revoked and their dashboard sessions end;
    /// submissions and marks stay. Listing them in a roster again brings them back with a new token.
    /// </summary>
    public static async Task<AdminOutcome> RemoveStudentAsync(IDbContextFactory<GraderDbContext> contexts, string courseId,
        string externalId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var student = await db.Students.FirstOrDefaultAsync(s => s.CourseId == courseId && s.ExternalId == externalId, cancellationToken);
        if (student is null) return AdminOutcome.Refused($"no student '{externalId}' in {courseId}");
        if (student.RemovedAt is not null) return AdminOutcome.Done($"{externalId} was already removed from {courseId}; nothing changed");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        student.RemovedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        int revoked = await Tokens.RevokeWhereAsync(db, db.ApiTokens.Where(t => t.StudentId == student.Id), cancellationToken);
        int ended = await Sessions.EndForStudentAsync(db, student.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AdminOutcome.Done($"{externalId} ({student.Name}) removed from {courseId}: {StaffDirectory.Plural(revoked, "token")} revoked, " +
            $"{StaffDirectory.Plural(ended, "dashboard session")} ended; submissions and marks kept");
    }

    public static async Task<bool> CourseExistsAsync(IDbContextFactory<GraderDbContext> contexts, string courseId,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Courses.AnyAsync(c => c.Id == courseId, cancellationToken);
    }
}

public enum StudentChange
{
    Added,
    Updated,
    Restored,
}

/// <summary>A roster line's outcome: the new token (shown once; empty when the student kept theirs), and how many earlier ones it revoked.</summary>
public sealed record IssuedToken(long PersonId, string ExternalId, string Token, StudentChange Change = StudentChange.Added,
    int Revoked = 0, DateTimeOffset? ExpiresAt = null)
{
    public bool Issued => Token.Length > 0;
}
