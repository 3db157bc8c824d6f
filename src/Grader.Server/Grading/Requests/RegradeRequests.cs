using Grader.Core.Marking;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Release;
using Grader.Data.Rubrics;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Grader.Server.Grading.Requests;

/// <summary>A regrade request as its student sees it: their message and the staff answer, never who answered.</summary>
public sealed record StudentRequest(long Id, string ItemId, string Message, DateTimeOffset CreatedAt, double PointsBefore,
    DateTimeOffset? AnsweredAt, string? Answer, double? PointsAfter)
{
    public bool IsOpen => AnsweredAt is null;
}

/// <summary>A regrade request as staff see it, in the queue and on its page.</summary>
public sealed record StaffRequest(long Id, string AssignmentId, Guid SubmissionId, string ItemId, string StudentName, string StudentExternalId,
    string Message, DateTimeOffset CreatedAt, double PointsBefore, DateTimeOffset? AnsweredAt, string? Answer, double? PointsAfter,
    string? AnsweredBy)
{
    public bool IsOpen => AnsweredAt is null;
}

public enum RequestOutcome
{
    Done,
    /// <summary>Not (or no longer) possible: the reason says why.</summary>
    Refused,
    /// <summary>The mark changed since the page was opened: nothing was written.</summary>
    Stale,
    NotFound,
}

/// <summary>
/// Students' regrade requests: a question about one item's mark, asked once its mark is released,
/// one open request per item; the staff answer, which may change the mark through the audited
/// override path in the same transaction. The student is shown the answer, never who gave it.
/// </summary>
public sealed class RegradeRequests(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics, ReleaseViews releases, TimeProvider time)
{
    public const int MaxMessage = 2000;

    /// <summary>Why the student may not (yet) ask about this item's mark; null when they may.</summary>
    public static string? WhyNot(string itemId, bool hidden, string status, ReleaseView release) =>
        hidden || !release.IsItemReleased(itemId) ? "Regrade requests open once this item's mark is released."
        : status is "pending_manual" or "pending_model" ? "This item is not graded yet."
        : null;

    /// <summary>The student asks about one item of their own submission.</summary>
    public async Task<(RequestOutcome Outcome, string? Problem)> AskAsync(long studentId, Guid submissionId, string itemId, string message,
        CancellationToken cancellationToken)
    {
        message = message.Trim();
        if (message.Length is 0 or > MaxMessage) return (RequestOutcome.Refused, $"Say in 1 to {MaxMessage} characters what should be looked at again.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var submission = await db.Submissions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == submissionId && s.StudentId == studentId, cancellationToken);
        var mark = submission is null ? null
            : await db.Marks.AsNoTracking().FirstOrDefaultAsync(m => m.SubmissionId == submissionId && m.ItemId == itemId, cancellationToken);
        if (submission is null || mark is null) return (RequestOutcome.NotFound, null);
        var release = (await releases.LoadAsync(db, submission.AssignmentId, cancellationToken))!;
        var rubric = await rubrics.GetAsync(submission.RubricVersionId, cancellationToken);
        var shown = StudentMarks.ForStudent(submission.Status, [mark], rubric, release).Items[0];
        if (WhyNot(itemId, shown.Hidden, shown.Status, release) is { } why) return (RequestOutcome.Refused, why);
        db.RegradeRequests.Add(new RegradeRequest
        {
            AssignmentId = submission.AssignmentId, SubmissionId = submissionId, ItemId = itemId, StudentId = studentId, Message = message,
            CreatedAt = time.GetUtcNow(), PointsBefore = mark.Points,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return (RequestOutcome.Refused, "You already asked about this item; wait for the answer.");
        }
        return (RequestOutcome.Done, null);
    }

    public async Task<IReadOnlyList<StudentRequest>> OfSubmissionAsync(Guid submissionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RegradeRequests.AsNoTracking().Where(r => r.SubmissionId == submissionId).OrderBy(r => r.Id)
            .Select(r => new StudentRequest(r.Id, r.ItemId, r.Message, r.CreatedAt, r.PointsBefore, r.AnsweredAt, r.Answer, r.PointsAfter))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The requests of the given courses (one assignment's, if named), open ones first, oldest first.</summary>
    public async Task<IReadOnlyList<StaffRequest>> QueueAsync(IReadOnlyList<string> courseIds, string? assignmentId, bool answeredToo,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var requests = Of(db).Where(x => courseIds.Contains(x.CourseId));
        if (assignmentId is not null) requests = requests.Where(x => x.Request.AssignmentId == assignmentId);
        if (!answeredToo) requests = requests.Where(x => x.Request.AnsweredAt == null);
        var rows = await requests.OrderBy(x => x.Request.AnsweredAt != null).ThenBy(x => x.Request.CreatedAt).Take(500)
            .Select(x => ToStaff(x.Request, x.StudentName, x.StudentExternalId, x.AnsweredBy)).ToListAsync(cancellationToken);
        return rows;
    }

    /// <summary>The open requests per assignment of the given courses (the landing page's counts).</summary>
    public async Task<IReadOnlyDictionary<string, int>> OpenCountsAsync(IReadOnlyList<string> courseIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RegradeRequests.AsNoTracking()
            .Where(r => r.AnsweredAt == null && db.Assignments.Any(a => a.Id == r.AssignmentId && courseIds.Contains(a.CourseId)))
            .GroupBy(r => r.AssignmentId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
    }

    /// <summary>One request of the given courses; null when there is none.</summary>
    public async Task<StaffRequest?> FindAsync(IReadOnlyList<string> courseIds, long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Of(db).Where(x => x.Request.Id == id && courseIds.Contains(x.CourseId))
            .Select(x => ToStaff(x.Request, x.StudentName, x.StudentExternalId, x.AnsweredBy)).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Answers an open request; with <paramref name="newPoints"/>, overrides the mark (audited, the
    /// request named in the reason) in the same transaction. The mark must not have changed since
    /// <paramref name="seen"/>.
    /// </summary>
    public async Task<(RequestOutcome Outcome, string? Problem)> AnswerAsync(long id, string answer, double? newPoints, DateTimeOffset seen,
        long staffId, CancellationToken cancellationToken)
    {
        answer = answer.Trim();
        if (answer.Length is 0 or > MaxMessage) return (RequestOutcome.Refused, $"Write the answer to the student (1 to {MaxMessage} characters).");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Locked: two staff answering at once take turns, and the second finds it answered.
        var request = (await db.RegradeRequests.FromSql($"SELECT * FROM regrade_requests WHERE id = {id} FOR UPDATE").ToListAsync(cancellationToken))
            .SingleOrDefault();
        if (request is null) return (RequestOutcome.NotFound, null);
        if (!request.IsOpen) return (RequestOutcome.Refused, "This request was answered meanwhile.");
        var mark = await db.Marks.AsNoTracking().SingleAsync(m => m.SubmissionId == request.SubmissionId && m.ItemId == request.ItemId, cancellationToken);
        double after = mark.Points;
        if (newPoints is { } points && Math.Abs(points - mark.Points) > 1e-9)
        {
            if (ManualScore.Problem(points, mark.MaxPoints) is { } problem) return (RequestOutcome.Refused, problem);
            var outcome = await MarkOverrides.OverrideInAsync(db, request.SubmissionId, request.ItemId, seen, ManualScore.Round(points), mark.Feedback,
                $"regrade request #{request.Id}: {answer}", staffId, cancellationToken);
            if (outcome == OverrideOutcome.Stale) return (RequestOutcome.Stale, null);
            if (outcome != OverrideOutcome.Saved) return (RequestOutcome.NotFound, null);
            after = ManualScore.Round(points);
        }
        else if (mark.UpdatedAt != seen) return (RequestOutcome.Stale, null);
        request.AnsweredBy = staffId;
        request.AnsweredAt = time.GetUtcNow();
        request.Answer = answer;
        request.PointsAfter = after;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (RequestOutcome.Done, null);
    }

    private sealed class Joined
    {
        public RegradeRequest Request { get; init; } = null!;
        public string CourseId { get; init; } = "";
        public string StudentName { get; init; } = "";
        public string StudentExternalId { get; init; } = "";
        public string? AnsweredBy { get; init; }
    }

    private static IQueryable<Joined> Of(GraderDbContext db) =>
        db.RegradeRequests.AsNoTracking()
            .Join(db.Assignments, r => r.AssignmentId, a => a.Id, (r, a) => new { r, a.CourseId })
            .Join(db.Students, x => x.r.StudentId, s => s.Id, (x, s) => new Joined
            {
                Request = x.r, CourseId = x.CourseId, StudentName = s.Name, StudentExternalId = s.ExternalId,
                AnsweredBy = db.Staff.Where(st => st.Id == x.r.AnsweredBy).Select(st => st.Name).FirstOrDefault(),
            });

    private static StaffRequest ToStaff(RegradeRequest r, string name, string externalId, string? answeredBy) =>
        new(r.Id, r.AssignmentId, r.SubmissionId, r.ItemId, name, externalId, r.Message, r.CreatedAt, r.PointsBefore, r.AnsweredAt, r.Answer,
            r.PointsAfter, answeredBy);
}
