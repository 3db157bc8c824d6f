using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Forges;
using Grader.Server.Api;
using Grader.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Forges;

/// <summary>PUT /api/v1/assignments/{id}/repository body.</summary>
public sealed record RepositoryLinkRequest(string Repository);

/// <summary>The stored link.</summary>
public sealed record RepositoryLinkDto(string Repository, string AssignmentId, string Branch, string AnswersPath);

/// <summary>
/// A student links their own repository to an assignment, so its pushes are graded as theirs.
/// Only a repository whose owner is the student's GitHub login (recorded by staff with
/// <c>grader admin github account</c>) may be linked this way, and never one already linked to
/// someone else: otherwise a student could have another's pushes graded as their own. A student has
/// one repository per assignment: linking another replaces their earlier link. Staff link any
/// repository with <c>grader admin github link</c>.
/// </summary>
public static class RepositoryLinkEndpoints
{
    public static RouteGroupBuilder MapRepositoryLinks(this RouteGroupBuilder api)
    {
        api.MapPut("/assignments/{assignmentId}/repository", LinkAsync);
        return api;
    }

    private static async Task<IResult> LinkAsync(string assignmentId, RepositoryLinkRequest body, HttpContext http,
        IDbContextFactory<GraderDbContext> contexts, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (!caller.IsStudent) return ApiProblems.Forbidden("Students link their own repositories; staff use grader admin github link.");
        if (!RepoRef.TryParse(body.Repository?.Trim().ToLowerInvariant() ?? "", out var parsed, out var problem))
            return ApiProblems.BadRequest(problem!);
        var repo = parsed!;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var assignment = await db.Assignments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == assignmentId, cancellationToken);
        if (assignment is null) return ApiProblems.NotFound($"No assignment '{assignmentId}'.");
        if (assignment.CourseId != caller.CourseId) return ApiProblems.Forbidden("This assignment belongs to a course you are not enrolled in.");
        var layout = await db.ForgeAssignments.AsNoTracking().FirstOrDefaultAsync(f => f.AssignmentId == assignmentId, cancellationToken);
        if (layout is null) return ApiProblems.NotFound($"'{assignmentId}' is not graded from repositories.");
        bool owns = await db.ForgeAccounts.AnyAsync(a => a.CourseId == caller.CourseId && a.StudentId == caller.PersonId && a.Login == repo.Owner, cancellationToken);
        if (!owns)
            return ApiProblems.Forbidden($"{repo.FullName} is not owned by your GitHub login as recorded by the course; ask the staff to link it.");

        var existing = await db.ForgeRepositories.FirstOrDefaultAsync(r => r.RepoFullName == repo.FullName && r.AssignmentId == assignmentId, cancellationToken);
        if (existing is not null && existing.StudentId != caller.PersonId)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already linked", detail: $"{repo.FullName} is linked to another student.");
        if (existing is null)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.ForgeRepositories.Where(r => r.AssignmentId == assignmentId && r.StudentId == caller.PersonId).ExecuteDeleteAsync(cancellationToken);
            db.ForgeRepositories.Add(new ForgeRepository { RepoFullName = repo.FullName, AssignmentId = assignmentId, StudentId = caller.PersonId });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return Results.Ok(new RepositoryLinkDto(repo.FullName, assignmentId, layout.Branch, layout.AnswersPath));
    }
}
