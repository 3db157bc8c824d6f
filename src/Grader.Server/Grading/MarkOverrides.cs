using Grader.Core.Marking;
using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Files;
using Grader.Data.Marks;
using Grader.Data.Rubrics;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Grading;

/// <summary>One entry of a mark's audit trail, as the pages show it.</summary>
public sealed record MarkHistoryEntry(
    DateTimeOffset At, string? StaffName, long? RegradeId, double? OldPoints, double NewPoints,
    string? OldSource, string NewSource, string NewFeedback, string Reason);

public enum OverrideOutcome
{
    Saved,
    /// <summary>The mark changed after the form was opened (another person, a re-run): nothing was written.</summary>
    Stale,
    NotFound,
    /// <summary>The automatic result cannot be recomputed here (a model item needs its evaluation).</summary>
    CannotRevert,
}

/// <summary>
/// A person's override of a mark, and its reversal to the automatic result, each written together
/// with its audit row in one transaction. The form carries the mark's last-update time: a save
/// over a mark that changed since the form was opened is refused rather than silently replacing
/// the other change.
/// </summary>
public sealed class MarkOverrides(IDbContextFactory<GraderDbContext> contexts, FileStore files, RubricCache rubrics)
{
    public const string RevertReasonPrefix = "reverted to the automatic result: ";

    public async Task<IReadOnlyList<MarkHistoryEntry>> HistoryAsync(Guid submissionId, string itemId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MarkChanges.AsNoTracking()
            .Where(c => c.SubmissionId == submissionId && c.ItemId == itemId)
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id)
            .Select(c => new MarkHistoryEntry(c.ChangedAt, c.Staff != null ? c.Staff.Name : null, c.RegradeId, c.OldPoints, c.NewPoints,
                c.OldSource, c.NewSource, c.NewFeedback, c.Reason))
            .ToListAsync(cancellationToken);
    }

    public async Task<Mark?> MarkAsync(Guid submissionId, string itemId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Marks.AsNoTracking().FirstOrDefaultAsync(m => m.SubmissionId == submissionId && m.ItemId == itemId, cancellationToken);
    }

    /// <summary>Sets the mark to <paramref name="points"/> (validated by the caller) as an override.</summary>
    public async Task<OverrideOutcome> OverrideAsync(Guid submissionId, string itemId, DateTimeOffset seen, double points, string feedback,
        string reason, long staffId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcome = await OverrideInAsync(db, submissionId, itemId, seen, points, feedback, reason, staffId, cancellationToken);
        if (outcome != OverrideOutcome.Saved) return outcome;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return OverrideOutcome.Saved;
    }

    /// <summary>
    /// The override in the caller's transaction (an answer to a regrade request commits it with the
    /// answer): the mark locked, checked unchanged since <paramref name="seen"/>, set with its audit row.
    /// </summary>
    public static async Task<OverrideOutcome> OverrideInAsync(GraderDbContext db, Guid submissionId, string itemId, DateTimeOffset seen,
        double points, string feedback, string reason, long staffId, CancellationToken cancellationToken)
    {
        var mark = await LockAsync(db, submissionId, itemId, cancellationToken);
        if (mark is null) return OverrideOutcome.NotFound;
        if (mark.UpdatedAt != seen) return OverrideOutcome.Stale;
        MarkAudit.SetByPerson(db, mark, staffId, points, MarkSources.Override, feedback, reason);
        await ForgetCriteriaAsync(db, mark, cancellationToken);
        return OverrideOutcome.Saved;
    }

    /// <summary>
    /// Grades the submission again under its rubric version and puts this item's automatic mark
    /// back (text items go back to awaiting a TA). Model items are refused: their mark needs an
    /// evaluation on the GPU queue, not a page request.
    /// </summary>
    public async Task<OverrideOutcome> RevertAsync(Guid submissionId, string itemId, DateTimeOffset seen, string reason, long staffId,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var submission = await db.Submissions.AsNoTracking().Include(s => s.Files).Include(s => s.Student)
            .SingleOrDefaultAsync(s => s.Id == submissionId, cancellationToken);
        if (submission is null) return OverrideOutcome.NotFound;
        var rubric = await rubrics.GetAsync(submission.RubricVersionId, cancellationToken);
        if (rubric.FindItem(itemId) is not { } item) return OverrideOutcome.NotFound;
        if (!CanRevert(item)) return OverrideOutcome.CannotRevert;
        var results = await StoredSubmissionGrading.GradeAsync(submission, files, rubrics, cancellationToken);
        var result = results.Single(r => r.ItemId == itemId);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var mark = await LockAsync(db, submissionId, itemId, cancellationToken);
        if (mark is null) return OverrideOutcome.NotFound;
        if (mark.UpdatedAt != seen) return OverrideOutcome.Stale;
        var automatic = MarkMapping.ToMark(result, submission.RubricVersionId);
        db.MarkChanges.Add(MarkAudit.Before(mark, staffId, automatic.Points, automatic.Source, automatic.Feedback, RevertReasonPrefix + reason));
        mark.TakeGrading(automatic, DateTimeOffset.UtcNow);
        await ForgetCriteriaAsync(db, mark, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return OverrideOutcome.Saved;
    }

    public static bool CanRevert(RubricItem item) => item.Kind != ItemKind.Model;

    /// <summary>A mark set some other way than by criteria no longer has ticked criteria (a criterion's new points leave it alone).</summary>
    private static async Task ForgetCriteriaAsync(GraderDbContext db, Mark mark, CancellationToken cancellationToken)
    {
        mark.Adjustment = null;
        await db.MarkCriteria.Where(mc => mc.MarkId == mark.Id).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The mark, locked until the transaction ends: concurrent writers of it take turns.</summary>
    private static Task<Mark?> LockAsync(GraderDbContext db, Guid submissionId, string itemId, CancellationToken cancellationToken) =>
        db.Marks.FromSql($"SELECT * FROM marks WHERE submission_id = {submissionId} AND item_id = {itemId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
}
