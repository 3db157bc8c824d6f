using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Files;
using Grader.Data.Rubrics;
using Grader.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Api.Submissions;

/// <summary>The result of an upload: the accepted submission, or the problem that refused it.</summary>
public sealed record UploadResult(Submission? Submission, IResult? Problem)
{
    /// <summary>The problem's explanation, for pages that show it in a form rather than as JSON.</summary>
    public string? Message => Problem is ProblemHttpResult p ? p.ProblemDetails.Detail ?? p.ProblemDetails.Title : null;
}

/// <summary>
/// One way in for a student's upload, shared by the API endpoint and the student's upload page:
/// the assignment must exist in the student's course, the body is streamed through
/// <see cref="UploadParser"/>, and the submission is stored with its jobs in one transaction.
/// </summary>
public sealed class SubmissionUploads(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics, SubmissionIntake intake,
    ServerSettings settings)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>
    /// Reads and stores the upload. <paramref name="beforeStore"/> may still refuse it once parsed
    /// (the upload page checks its anti-forgery token there), before anything is written.
    /// </summary>
    public async Task<UploadResult> UploadAsync(long studentId, string studentCourse, string assignmentId, HttpRequest request,
        string? idempotencyKey, CancellationToken cancellationToken, string? formTokenField = null,
        Func<ParsedUpload, Task<IResult?>>? beforeStore = null)
    {
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > 200 || idempotencyKey.Any(c => c is < ' ' or > '~')))
            return new(null, ApiProblems.BadRequest($"{IdempotencyHeader} must be 1 to 200 printable ASCII characters."));

        Assignment? assignment;
        StorageRefusal? full;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            assignment = await db.Assignments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == assignmentId, cancellationToken);
            if (assignment?.CurrentVersionId is null) return new(null, ApiProblems.NotFound($"No assignment '{assignmentId}'."));
            if (assignment.CourseId != studentCourse)
                return new(null, ApiProblems.Forbidden("This assignment belongs to a course you are not enrolled in."));
            // No room left at all: refused before the body is read.
            full = StorageQuotas.Full(await StorageQuotas.UsageAsync(db, studentId, cancellationToken));
        }
        if (full is not null) return new(null, ApiProblems.OverQuota(full));
        var versionId = assignment.CurrentVersionId.Value;

        var rubric = await rubrics.GetAsync(versionId, cancellationToken);
        var modelItems = rubric.Items.Where(i => i.Kind == ItemKind.Model).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var (upload, problem) = await UploadParser.ParseAsync(request, modelItems, settings.Limits, cancellationToken, formTokenField);
        if (problem is not null) return new(null, problem);
        await using var parsed = upload!;
        if (beforeStore is not null && await beforeStore(parsed) is { } refused) return new(null, refused);

        var outcome = await intake.CreateAsync(assignment, studentId, parsed, idempotencyKey,
            SubmissionIntake.RequestHash(parsed), cancellationToken);
        if (outcome.Refusal is { } refusal) return new(null, ApiProblems.OverQuota(refusal));
        return outcome.KeyConflict
            ? new(null, ApiProblems.Conflict($"{IdempotencyHeader} '{idempotencyKey}' was already used for a different upload of this assignment."))
            : new(outcome.Submission, null);
    }
}
