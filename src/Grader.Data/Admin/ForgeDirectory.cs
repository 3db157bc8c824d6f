using System.Text.Json;
using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Admin;

/// <summary>
/// The admin side of CI hooks: a course's forge credentials, an assignment's repository layout,
/// students' logins and explicit repository links. Each call returns an error message or null.
/// </summary>
public static class ForgeDirectory
{
    public static async Task<string?> SetCourseAsync(IDbContextFactory<GraderDbContext> contexts, ForgeSetting settings,
        CancellationToken cancellationToken)
    {
        if (settings.WebhookSecret.Length < 16) return "the webhook secret must have at least 16 characters";
        if (settings.Token is null && (settings.AppId is null || settings.InstallationId is null || settings.PrivateKeyPath is null))
            return "give a token, or an App id, installation id and private key file";
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Courses.AnyAsync(c => c.Id == settings.CourseId, cancellationToken)) return $"no course '{settings.CourseId}'";
        settings.UpdatedAt = DateTimeOffset.UtcNow;
        var existing = await db.ForgeSettings.FirstOrDefaultAsync(f => f.CourseId == settings.CourseId, cancellationToken);
        if (existing is null) db.ForgeSettings.Add(settings);
        else db.Entry(existing).CurrentValues.SetValues(settings); // replaced as a whole, in one statement
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public static async Task<string?> SetAssignmentAsync(IDbContextFactory<GraderDbContext> contexts, string assignmentId,
        string branch, string answersPath, IReadOnlyDictionary<string, string> modelPaths, string? repoPattern,
        CancellationToken cancellationToken)
    {
        if (repoPattern is not null && !repoPattern.Contains("{github_user}", StringComparison.Ordinal))
            return "the repository pattern must contain {github_user}";
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Assignments.AnyAsync(a => a.Id == assignmentId, cancellationToken)) return $"no assignment '{assignmentId}'";
        var row = await db.ForgeAssignments.FirstOrDefaultAsync(f => f.AssignmentId == assignmentId, cancellationToken);
        if (row is null) db.ForgeAssignments.Add(row = new ForgeAssignment { AssignmentId = assignmentId, AnswersPath = answersPath });
        row.Branch = branch;
        row.AnswersPath = answersPath;
        row.ModelPaths = JsonSerializer.Serialize(modelPaths);
        row.RepoPattern = repoPattern;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public static async Task<string?> SetAccountAsync(IDbContextFactory<GraderDbContext> contexts, string courseId,
        string studentExternalId, string login, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var student = await db.Students.FirstOrDefaultAsync(s => s.CourseId == courseId && s.ExternalId == studentExternalId, cancellationToken);
        if (student is null) return $"no student '{studentExternalId}' in {courseId}";
        login = login.ToLowerInvariant();
        var row = await db.ForgeAccounts.FirstOrDefaultAsync(a => a.CourseId == courseId && a.Login == login, cancellationToken);
        if (row is null) db.ForgeAccounts.Add(new ForgeAccount { CourseId = courseId, Login = login, StudentId = student.Id });
        else row.StudentId = student.Id;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public static async Task<string?> LinkRepositoryAsync(IDbContextFactory<GraderDbContext> contexts, string repoFullName,
        string assignmentId, string studentExternalId, CancellationToken cancellationToken)
    {
        repoFullName = repoFullName.ToLowerInvariant();
        if (!Forges.RepoRef.TryParse(repoFullName, out _, out var problem)) return problem;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var assignment = await db.Assignments.FirstOrDefaultAsync(a => a.Id == assignmentId, cancellationToken);
        if (assignment is null) return $"no assignment '{assignmentId}'";
        var student = await db.Students.FirstOrDefaultAsync(s => s.CourseId == assignment.CourseId && s.ExternalId == studentExternalId, cancellationToken);
        if (student is null) return $"no student '{studentExternalId}' in {assignment.CourseId}";
        var row = await db.ForgeRepositories.FirstOrDefaultAsync(r => r.RepoFullName == repoFullName && r.AssignmentId == assignmentId, cancellationToken);
        if (row is null) db.ForgeRepositories.Add(new ForgeRepository { RepoFullName = repoFullName, AssignmentId = assignmentId, StudentId = student.Id });
        else row.StudentId = student.Id;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }
}
