using Grader.Data.Entities;
using Grader.Data.Security;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Admin;

/// <summary>Creates students and staff of a course and issues their API tokens.</summary>
public static class PeopleDirectory
{
    /// <summary>
    /// Adds the student, or updates the name and index of an existing one with that id, and
    /// issues a new token. The token is returned once; only its hash is stored.
    /// </summary>
    public static async Task<IssuedToken> AddStudentAsync(IDbContextFactory<GraderDbContext> contexts, string courseId,
        string externalId, string name, string? indexNumber, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var student = await db.Students.FirstOrDefaultAsync(s => s.CourseId == courseId && s.ExternalId == externalId, cancellationToken);
        if (student is null)
        {
            student = new Student { CourseId = courseId, ExternalId = externalId, Name = name, IndexNumber = indexNumber };
            db.Students.Add(student);
        }
        else
        {
            student.Name = name;
            student.IndexNumber = indexNumber;
        }
        var token = TokenHasher.NewToken();
        db.ApiTokens.Add(new ApiToken { TokenHash = TokenHasher.Hash(token), Student = student, Label = "roster" });
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedToken(student.Id, externalId, token);
    }

    /// <summary>
    /// Adds the staff member to the course, or updates their name and role there. A password, when
    /// given, becomes the person's password in all their courses (one login, one password); a token
    /// is issued only when asked for and returned once.
    /// </summary>
    public static async Task<StaffAccount> AddStaffAsync(IDbContextFactory<GraderDbContext> contexts, string courseId,
        string login, string name, string role, string? password, bool issueToken, CancellationToken cancellationToken)
    {
        if (!StaffRoles.IsValid(role)) throw new ArgumentException($"role must be '{StaffRoles.Instructor}' or '{StaffRoles.Ta}'", nameof(role));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.CourseId == courseId && s.ExternalId == login, cancellationToken);
        if (staff is null)
        {
            staff = new StaffMember { CourseId = courseId, ExternalId = login, Name = name };
            db.Staff.Add(staff);
        }
        staff.Name = name;
        staff.Role = role;
        if (password is not null)
        {
            var hash = PasswordHasher.Hash(password);
            staff.PasswordHash = hash;
            foreach (var other in await db.Staff.Where(s => s.ExternalId == login && s.CourseId != courseId).ToListAsync(cancellationToken))
                other.PasswordHash = hash;
        }
        string? token = null;
        if (issueToken)
        {
            token = TokenHasher.NewToken();
            db.ApiTokens.Add(new ApiToken { TokenHash = TokenHasher.Hash(token), Staff = staff, Label = "staff" });
        }
        await db.SaveChangesAsync(cancellationToken);
        return new StaffAccount(staff.Id, login, token);
    }

    public static async Task<bool> CourseExistsAsync(IDbContextFactory<GraderDbContext> contexts, string courseId,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Courses.AnyAsync(c => c.Id == courseId, cancellationToken);
    }
}

/// <summary>A newly issued token, shown once.</summary>
public sealed record IssuedToken(long PersonId, string ExternalId, string Token);

/// <summary>A staff member as added; <see cref="Token"/> only when one was asked for (shown once).</summary>
public sealed record StaffAccount(long StaffId, string Login, string? Token);
