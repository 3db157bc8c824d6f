using System.Text.Json;
using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Queue;
using Grader.Data.Release;
using Grader.Data.Rubrics;
using Grader.Server.Auth;
using Grader.Server.Grading.Release;
using Grader.Server.Web.Queue;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Api.Submissions;

/// <summary>
/// Upload a submission, see its status and its marks. A student sees only their own submissions
/// (anyone else's is "not found"), and of them only what the release policy allows
/// (<see cref="StudentMarks"/>); staff see those of the courses they are staff of now, whole.
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
        VisibleMarks visible, WorkerRegistry workers, ModelWaitSettings waitSettings, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var caller = Caller.From(http.User);
        var found = await FindAsync(db, caller, id, cancellationToken);
        if (found is null) return ApiProblems.NotFound($"No submission {id}.");
        var (s, version, _) = found.Value;
        var marks = await visible.OfAsync(db, Ref(s), caller.IsStudent, cancellationToken);
        // The same words as the submission's page, so `grader submit` and scripts can say why a mark is late.
        var waits = s.Status == SubmissionStatus.PendingModel
            ? await ModelWait.OfSubmissionAsync(db, workers, waitSettings, s.Id, cancellationToken)
            : new Dictionary<string, ModelWait>();
        return Results.Ok(new SubmissionStatusDto(s.Id, s.AssignmentId, version, marks.Status, s.SubmittedAt, s.IsLate,
            s.GradedAt, s.Error, $"/api/v1/submissions/{s.Id}/marks")
        {
            Waiting = [.. waits.OrderBy(w => w.Key, StringComparer.Ordinal)
                .Select(w => new ModelWaitDto(w.Key, w.Value.State, w.Value.Explanation, w.Value.Overdue))],
        });
    }

    private static async Task<IResult> GetMarksAsync(Guid id, HttpContext http, IDbContextFactory<GraderDbContext> contexts,
        VisibleMarks visible, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var caller = Caller.From(http.User);
        var found = await FindAsync(db, caller, id, cancellationToken);
        if (found is null) return ApiProblems.NotFound($"No submission {id}.");
        var (s, version, hash) = found.Value;
        var marks = await visible.OfAsync(db, Ref(s), caller.IsStudent, cancellationToken);
        var items = marks.Items.Select(m => new MarkDto(m.ItemId, m.Points, m.MaxPoints, m.Bonus, m.Status, m.Source, m.Feedback,
            m.Details is null ? null : JsonSerializer.SerializeToElement(m.Details, DetailsJson)) { Criteria = m.Criteria }).ToList();
        return Results.Ok(new SubmissionMarksDto(id, s.AssignmentId, version, hash, marks.Status, marks.Total, marks.MaxTotal,
            marks.Pending, items));
    }

    /// <summary>Details as the grader stores them: camelCase, absent rather than null.</summary>
    private static readonly JsonSerializerOptions DetailsJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static SubmissionRef Ref(Submission s) => new(s.Id, s.AssignmentId, s.RubricVersionId, s.Status);

    private static async Task<(Submission Submission, int Version, string Hash)?> FindAsync(GraderDbContext db, Caller caller, Guid id,
        CancellationToken cancellationToken)
    {
        var found = await Visible(db, caller)
            .Where(s => s.Id == id)
            .Join(db.RubricVersions, s => s.RubricVersionId, v => v.Id, (s, v) => new { s, v.Version, v.ContentHash })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : (found.s, found.Version, found.ContentHash);
    }

    /// <summary>The submissions the caller may see: a student's own, or staff's whole course.</summary>
    private static IQueryable<Submission> Visible(GraderDbContext db, Caller caller) =>
        caller.IsStudent
            ? db.Submissions.AsNoTracking().Where(s => s.StudentId == caller.PersonId)
            : db.Submissions.AsNoTracking().Where(s => db.Assignments.Any(a => a.Id == s.AssignmentId && caller.StaffCourses.Contains(a.CourseId)));
}
