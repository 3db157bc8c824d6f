using System.Text.Json;
using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Rubrics;
using Grader.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Api.Submissions;

/// <summary>
/// Upload a submission, see its status and its marks. A student sees only their own submissions
/// (anyone else's is "not found"); staff see those of the courses they are staff of now.
/// </summary>
public static class SubmissionEndpoints
{
    public const string IdempotencyHeader = SubmissionUploads.IdempotencyHeader;

    public static RouteGroupBuilder MapSubmissions(this RouteGroupBuilder api)
    {
        api.MapPost("/assignments/{assignmentId}/submissions", UploadAsync).DisableAntiforgery();
        api.MapGet("/submissions/{id:guid}", GetStatusAsync);
        api.MapGet("/submissions/{id:guid}/marks", GetMarksAsync);
        return api;
    }

    private static async Task<IResult> UploadAsync(string assignmentId, HttpContext http, SubmissionUploads uploads,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (!caller.IsStudent) return ApiProblems.Forbidden("Only students upload submissions.");
        var result = await uploads.UploadAsync(caller.PersonId, caller.CourseId, assignmentId, http.Request,
            http.Request.Headers[IdempotencyHeader], cancellationToken);
        if (result.Submission is not { } submission) return result.Problem!;
        var statusUrl = $"/api/v1/submissions/{submission.Id}";
        return Results.Accepted(statusUrl,
            new SubmissionAccepted(submission.Id, submission.Status, statusUrl, statusUrl + "/marks", submission.IsLate));
    }

    private static async Task<IResult> GetStatusAsync(Guid id, HttpContext http, IDbContextFactory<GraderDbContext> contexts,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await Visible(db, Caller.From(http.User))
            .Where(s => s.Id == id)
            .Join(db.RubricVersions, s => s.RubricVersionId, v => v.Id, (s, v) => new { s, v.Version })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null) return ApiProblems.NotFound($"No submission {id}.");
        var s = found.s;
        return Results.Ok(new SubmissionStatusDto(s.Id, s.AssignmentId, found.Version, s.Status, s.SubmittedAt, s.IsLate,
            s.GradedAt, s.Error, $"/api/v1/submissions/{s.Id}/marks"));
    }

    private static async Task<IResult> GetMarksAsync(Guid id, HttpContext http, IDbContextFactory<GraderDbContext> contexts,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await Visible(db, Caller.From(http.User))
            .Where(s => s.Id == id)
            .Join(db.RubricVersions, s => s.RubricVersionId, v => v.Id, (s, v) => new { s, v.Version, v.ContentHash })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null) return ApiProblems.NotFound($"No submission {id}.");
        var marks = await db.Marks.AsNoTracking().Where(m => m.SubmissionId == id).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var items = marks.Select(m => new MarkDto(m.ItemId, m.Points, m.MaxPoints, m.Bonus, m.Result, m.Source, m.Feedback,
            m.Details is null ? null : JsonDocument.Parse(m.Details).RootElement.Clone())).ToList();
        return Results.Ok(new SubmissionMarksDto(id, found.s.AssignmentId, found.Version, found.ContentHash, found.s.Status,
            Math.Round(marks.Sum(m => m.Points), 6), marks.Where(m => !m.Bonus).Sum(m => m.MaxPoints),
            marks.Count(m => m.Result is "pending_model" or "pending_manual"), items));
    }

    /// <summary>The submissions the caller may see: a student's own, or staff's whole course.</summary>
    private static IQueryable<Submission> Visible(GraderDbContext db, Caller caller) =>
        caller.IsStudent
            ? db.Submissions.AsNoTracking().Where(s => s.StudentId == caller.PersonId)
            : db.Submissions.AsNoTracking().Where(s => db.Assignments.Any(a => a.Id == s.AssignmentId && caller.StaffCourses.Contains(a.CourseId)));
}
