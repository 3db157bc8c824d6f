using Grader.Data;
using Grader.Server.Auth;
using Grader.Server.Grading.Requests;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Api.Submissions;

/// <summary>POST .../regrade-requests: what a student asks about one item.</summary>
public sealed record RegradeRequestBody(string? Message);

/// <summary>
/// A student's regrade requests through the API, the same rules as on the submission page
/// (<see cref="RegradeRequests"/>): about their own submission, once the item's mark is released,
/// one open request per item. Staff tokens read their course's requests.
/// </summary>
public static class RegradeRequestEndpoints
{
    public static RouteGroupBuilder MapRegradeRequests(this RouteGroupBuilder api)
    {
        api.MapPost("/submissions/{id:guid}/items/{itemId}/regrade-requests", AskAsync);
        api.MapGet("/submissions/{id:guid}/regrade-requests", ListAsync);
        return api;
    }

    private static async Task<IResult> AskAsync(Guid id, string itemId, RegradeRequestBody body, HttpContext http, RegradeRequests requests,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (!caller.IsStudent) return ApiProblems.Forbidden("Only the student who made the submission asks for a regrade.");
        var (outcome, problem) = await requests.AskAsync(caller.PersonId, id, itemId, body.Message ?? "", cancellationToken);
        return outcome switch
        {
            RequestOutcome.Done => Results.Created($"/api/v1/submissions/{id}/regrade-requests",
                (await requests.OfSubmissionAsync(id, cancellationToken)).Last(r => r.ItemId == itemId)),
            RequestOutcome.NotFound => ApiProblems.NotFound($"No item '{itemId}' of a submission {id} of yours."),
            _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Regrade request not possible", detail: problem),
        };
    }

    private static async Task<IResult> ListAsync(Guid id, HttpContext http, IDbContextFactory<GraderDbContext> contexts, RegradeRequests requests,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        bool visible = caller.IsStudent
            ? await db.Submissions.AnyAsync(s => s.Id == id && s.StudentId == caller.PersonId, cancellationToken)
            : await db.Submissions.AnyAsync(s => s.Id == id && db.Assignments.Any(a => a.Id == s.AssignmentId && caller.StaffCourses.Contains(a.CourseId)),
                cancellationToken);
        return visible ? Results.Ok(await requests.OfSubmissionAsync(id, cancellationToken)) : ApiProblems.NotFound($"No submission {id}.");
    }
}
