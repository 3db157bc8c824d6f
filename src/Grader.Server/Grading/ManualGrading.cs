using Grader.Core.Marking;
using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Rubrics;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Grading;

/// <summary>How far the TAs are with one text item: answers graded by hand, of all that need a TA.</summary>
public sealed record ManualProgress(int Graded, int Total)
{
    public int Pending => Total - Graded;
}

/// <summary>An answer waiting for a TA: the mark that holds it and what the student wrote.</summary>
public sealed record PendingAnswer(long MarkId, Guid SubmissionId, string Given, double MaxPoints, DateTimeOffset SubmittedAt);

/// <summary>What became of a TA's score.</summary>
public enum ManualSaveOutcome
{
    Saved,
    /// <summary>Somebody graded (or overrode) this answer first; their mark stands.</summary>
    AlreadyGraded,
    /// <summary>No such pending answer of this item and assignment.</summary>
    NotFound,
}

/// <summary>
/// The manual-grading queue of a text item: the pending_manual marks of the counted submissions,
/// oldest submission first. Saving is guarded against two TAs grading the same answer: the mark
/// row is locked and only written while it is still pending, so the second TA is told instead of
/// silently overwriting the first. An answer a person overrode leaves the queue (counted in neither).
/// </summary>
public sealed class ManualGrading(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics)
{
    private const string Pending = "pending_manual";

    public async Task<IReadOnlyDictionary<string, ManualProgress>> ProgressAsync(string assignmentId, IReadOnlyList<RubricItem> items,
        CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.Id).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counted = await CountedSubmissions.IdsAsync(db, rubrics, assignmentId, cancellationToken);
        var rows = await db.Marks.AsNoTracking()
            .Where(m => ids.Contains(m.ItemId) && counted.Contains(m.SubmissionId)
                        && (m.Result == Pending || m.Source == MarkSources.Manual))
            .GroupBy(m => m.ItemId)
            .Select(g => new { ItemId = g.Key, Graded = g.Count(m => m.Result != Pending), Total = g.Count() })
            .ToListAsync(cancellationToken);
        return ids.ToDictionary(id => id, id => rows.FirstOrDefault(r => r.ItemId == id) is { } r
            ? new ManualProgress(r.Graded, r.Total)
            : new ManualProgress(0, 0));
    }

    /// <summary>
    /// The next pending answer after <paramref name="afterMarkId"/> in queue order (wrapping round,
    /// so skipped answers come back), or the first; null when none is left.
    /// </summary>
    public async Task<PendingAnswer?> NextAsync(string assignmentId, string itemId, long? afterMarkId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var queue = PendingOf(db, await CountedSubmissions.IdsAsync(db, rubrics, assignmentId, cancellationToken), itemId);
        QueueRow? next = null;
        if (afterMarkId is { } after)
        {
            var position = await db.Marks.Where(m => m.Id == after)
                .Join(db.Submissions, m => m.SubmissionId, s => s.Id, (m, s) => new { s.SubmittedAt, m.Id })
                .FirstOrDefaultAsync(cancellationToken);
            if (position is not null)
                next = await queue.Where(p => p.SubmittedAt > position.SubmittedAt || (p.SubmittedAt == position.SubmittedAt && p.MarkId > position.Id))
                    .FirstOrDefaultAsync(cancellationToken);
        }
        return ToAnswer(next ?? await queue.FirstOrDefaultAsync(cancellationToken));
    }

    /// <summary>The pending answer held by <paramref name="markId"/>; null when it is not (or no longer) pending.</summary>
    public async Task<PendingAnswer?> FindAsync(string assignmentId, string itemId, long markId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counted = await CountedSubmissions.IdsAsync(db, rubrics, assignmentId, cancellationToken);
        return ToAnswer(await PendingOf(db, counted, itemId).FirstOrDefaultAsync(p => p.MarkId == markId, cancellationToken));
    }

    /// <summary>
    /// Sets the mark to <paramref name="points"/> (already validated against its maximum) with the
    /// comment as feedback, source manual, and its audit row, in one transaction.
    /// </summary>
    public async Task<ManualSaveOutcome> SaveAsync(string assignmentId, string itemId, long markId, double points, string comment,
        long staffId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // FOR UPDATE: a second TA saving the same answer waits here, then sees it is no longer pending.
        var mark = await db.Marks.FromSql($"SELECT * FROM marks WHERE id = {markId} FOR UPDATE")
            .Where(m => m.ItemId == itemId && db.Submissions.Any(s => s.Id == m.SubmissionId && s.AssignmentId == assignmentId))
            .SingleOrDefaultAsync(cancellationToken);
        if (mark is null) return ManualSaveOutcome.NotFound;
        if (mark.Result != Pending) return ManualSaveOutcome.AlreadyGraded;
        string feedback = comment.Trim() is { Length: > 0 } text ? text : "Graded by a TA.";
        MarkAudit.SetByPerson(db, mark, staffId, points, MarkSources.Manual, feedback, MarkAudit.ManualGrading);
        // The submission's status needs no change: only model evaluations hold it back from
        // "graded"; answers awaiting a TA are counted from the marks (the API's "pending").
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ManualSaveOutcome.Saved;
    }

    /// <summary>A queue entry as the database gives it (EF translates member initialisers, not record constructors).</summary>
    private sealed class QueueRow
    {
        public long MarkId { get; init; }
        public Guid SubmissionId { get; init; }
        public string? Details { get; init; }
        public double MaxPoints { get; init; }
        public DateTimeOffset SubmittedAt { get; init; }
    }

    private static IQueryable<QueueRow> PendingOf(GraderDbContext db, List<Guid> counted, string itemId) =>
        db.Marks.AsNoTracking()
            .Where(m => m.ItemId == itemId && m.Result == Pending && counted.Contains(m.SubmissionId))
            .Join(db.Submissions, m => m.SubmissionId, s => s.Id,
                (m, s) => new QueueRow { MarkId = m.Id, SubmissionId = m.SubmissionId, Details = m.Details, MaxPoints = m.MaxPoints, SubmittedAt = s.SubmittedAt })
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.MarkId);

    private static PendingAnswer? ToAnswer(QueueRow? row) =>
        row is null ? null : new PendingAnswer(row.MarkId, row.SubmissionId, MarkDetails.Given(row.Details) ?? "", row.MaxPoints, row.SubmittedAt);
}
