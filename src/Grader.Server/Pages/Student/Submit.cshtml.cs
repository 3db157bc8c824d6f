using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Release;
using Grader.Data.Rubrics;
using Grader.Server.Api.Submissions;
using Grader.Server.Grading.Release;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Pages.Student;

/// <summary>
/// A student's upload form. It posts the same multipart body as <c>grader submit</c> and goes
/// through the same <see cref="SubmissionUploads"/> as the API. The body is streamed, never read as
/// a form, so the anti-forgery token travels as the form's first part and is checked by hand.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class SubmitModel(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics, SubmissionUploads uploads,
    IAntiforgery antiforgery, VisibleMarks visible) : PageModel
{
    public const string TokenField = "__RequestVerificationToken";

    public sealed record PastSubmission(Guid Id, DateTimeOffset SubmittedAt, string Status, bool IsLate, double? Points, double? MaxPoints);

    public Assignment Assignment { get; private set; } = null!;
    public IReadOnlyList<RubricItem> Items { get; private set; } = [];
    public IReadOnlyList<PastSubmission> Past { get; private set; } = [];
    public string? Error { get; private set; }
    public bool PastDeadline => Assignment.Deadline is { } d && d < DateTimeOffset.UtcNow;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>No handler parameters: binding them would read the body as a form before the parser streams it.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var id = (string)RouteData.Values["id"]!;
        var student = PageUser.From(User)!.Student;
        if (student is null || !await LoadAsync(id, cancellationToken)) return NotFound();

        var result = await uploads.UploadAsync(student.StudentId, student.CourseId, id, Request, idempotencyKey: null,
            cancellationToken, TokenField, CheckFormTokenAsync);
        if (result.Submission is { } submission) return Redirect($"/submissions/{submission.Id}");
        Error = result.Message ?? "The upload was refused.";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IResult?> CheckFormTokenAsync(ParsedUpload upload)
    {
        // The token store reads the header before it would read the form (whose body is gone by now).
        if (upload.FormToken is not { } token) return Refused();
        Request.Headers["RequestVerificationToken"] = token;
        return await antiforgery.IsRequestValidAsync(HttpContext) ? null : Refused();

        static IResult Refused() => Api.ApiProblems.BadRequest("The form expired or did not come from this site: reload the page and upload again.");
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var student = PageUser.From(User)!.Student;
        if (student is null) return false;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var assignment = await db.Assignments.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == id && a.CourseId == student.CourseId && a.CurrentVersionId != null, cancellationToken);
        if (assignment is null) return false;
        Assignment = assignment;
        Items = (await rubrics.GetAsync(assignment.CurrentVersionId!.Value, cancellationToken)).Items;
        var past = await db.Submissions.AsNoTracking().Where(s => s.AssignmentId == id && s.StudentId == student.StudentId)
            .OrderByDescending(s => s.SubmittedAt)
            .Select(s => new { Ref = new SubmissionRef(s.Id, s.AssignmentId, s.RubricVersionId, s.Status), s.SubmittedAt, s.IsLate })
            .ToListAsync(cancellationToken);
        var views = await visible.OfManyAsync(db, past.Select(s => s.Ref).ToList(), student: true, cancellationToken);
        Past = past.Select(s =>
        {
            var view = views[s.Ref.Id];
            return new PastSubmission(s.Ref.Id, s.SubmittedAt, view.Status, s.IsLate, view.ShownTotal, view.Items.Count > 0 ? view.MaxTotal : null);
        }).ToList();
        return true;
    }
}
