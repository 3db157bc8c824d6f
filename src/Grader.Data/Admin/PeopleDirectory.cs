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

    public static async Task<IssuedToken> AddStaffAsync(IDbContextFactory<GraderDbContext> contexts, string courseId,
        string externalId, string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.CourseId == courseId && s.ExternalId == externalId, cancellationToken);
        if (staff is null)
        {
            staff = new StaffMember { CourseId = courseId, ExternalId = externalId, Name = name };
            db.Staff.Add(staff);
        }
        var token = TokenHasher.NewToken();
        db.ApiTokens.Add(new ApiToken { TokenHash = TokenHasher.Hash(token), Staff = staff, Label = "staff" });
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedToken(staff.Id, externalId, token);
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
