using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Marks;

/// <summary>
/// Writes marks so that writing the same marks twice (a retried job) changes nothing: one row per
/// submission and item (a unique constraint backs this), updated in place. Marks set by staff
/// (manual, override) are never overwritten by automatic grading.
/// </summary>
public static class MarkWriter
{
    public const string RegradeReason = "rubric re-run";

    private const string PendingModel = "pending_model";

    /// <summary>Adds or updates the marks in <paramref name="db"/>'s unit of work; the caller saves.</summary>
    public static Task UpsertAsync(GraderDbContext db, Guid submissionId, IReadOnlyList<Mark> marks,
        CancellationToken cancellationToken) => UpsertAsync(db, submissionId, marks, null, cancellationToken);

    /// <summary>
    /// As above, for the re-run <paramref name="regradeId"/> when not null: every automatic mark
    /// whose points or result it changes (or that it adds) gets a <see cref="MarkChange"/> naming
    /// the re-run, in the same unit of work. A re-run keeps a finished model mark while its model
    /// is evaluated again: the evaluation's mark is then compared with it, not with a placeholder.
    /// </summary>
    public static async Task UpsertAsync(GraderDbContext db, Guid submissionId, IReadOnlyList<Mark> marks, long? regradeId,
        CancellationToken cancellationToken)
    {
        var itemIds = marks.Select(m => m.ItemId).ToList();
        var existing = await db.Marks
            .Where(m => m.SubmissionId == submissionId && itemIds.Contains(m.ItemId))
            .ToDictionaryAsync(m => m.ItemId, cancellationToken);
        Upsert(db, submissionId, marks, existing, regradeId);
    }

    /// <summary>
    /// The marks stored so far for each of <paramref name="submissionIds"/> (tracked by
    /// <paramref name="db"/>), by item: one query for a worker that writes several submissions' marks.
    /// </summary>
    public static async Task<Dictionary<Guid, Dictionary<string, Mark>>> LoadAsync(GraderDbContext db,
        IReadOnlyCollection<Guid> submissionIds, CancellationToken cancellationToken)
    {
        var ids = submissionIds.ToList();
        var marks = await db.Marks.Where(m => ids.Contains(m.SubmissionId)).ToListAsync(cancellationToken);
        var bySubmission = submissionIds.ToDictionary(id => id, _ => new Dictionary<string, Mark>(StringComparer.Ordinal));
        foreach (var mark in marks) bySubmission[mark.SubmissionId][mark.ItemId] = mark;
        return bySubmission;
    }

    /// <summary>
    /// As <see cref="UpsertAsync(GraderDbContext, Guid, IReadOnlyList{Mark}, long?, CancellationToken)"/>,
    /// given the submission's stored marks (from <see cref="LoadAsync"/>). Marks the submission
    /// has no row for yet go to <paramref name="created"/> when given (the caller writes them with
    /// <see cref="MarkCopy"/>), else into the unit of work.
    /// </summary>
    public static void Upsert(GraderDbContext db, Guid submissionId, IReadOnlyList<Mark> marks,
        IReadOnlyDictionary<string, Mark> existing, long? regradeId, ICollection<Mark>? created = null)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var mark in marks)
        {
            if (!existing.TryGetValue(mark.ItemId, out var row))
            {
                mark.SubmissionId = submissionId;
                mark.UpdatedAt = now;
                if (created is null) db.Marks.Add(mark);
                else created.Add(mark);
                // An item new to the rubric is a change; a submission's first marks are not.
                if (regradeId is { } added && existing.Count > 0) Audit(db, submissionId, null, mark, added, now);
                continue;
            }
            if (MarkSources.IsHuman(row.Source)) continue;
            if (regradeId is { } id)
            {
                if (mark.Result == PendingModel && row.Result != PendingModel) continue;
                if (row.Points != mark.Points || row.Result != mark.Result) Audit(db, submissionId, row, mark, id, now);
            }
            row.TakeGrading(mark, now);
        }
    }

    public const string RemovedSource = "removed";

    /// <summary>
    /// For the re-run <paramref name="regradeId"/>, whose rubric version has exactly
    /// <paramref name="rubricItems"/>: automatic marks of items the rubric no longer has are
    /// deleted, each with an audit row, so they stop counting in totals. Marks staff set stay.
    /// </summary>
    public static async Task DropAbsentAsync(GraderDbContext db, Guid submissionId, IReadOnlyCollection<string> rubricItems,
        long regradeId, CancellationToken cancellationToken)
    {
        var items = rubricItems.ToList();
        var absent = await db.Marks
            .Where(m => m.SubmissionId == submissionId && !items.Contains(m.ItemId)
                        && m.Source != MarkSources.Manual && m.Source != MarkSources.Override)
            .ToListAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        foreach (var mark in absent)
        {
            var gone = new Mark
            {
                ItemId = mark.ItemId, Points = 0, Source = RemovedSource, Result = RemovedSource,
                Feedback = "This item is no longer in the rubric.",
            };
            Audit(db, submissionId, mark, gone, regradeId, now);
            db.Marks.Remove(mark);
        }
    }

    private static void Audit(GraderDbContext db, Guid submissionId, Mark? old, Mark updated, long regradeId, DateTimeOffset at) =>
        db.MarkChanges.Add(new MarkChange
        {
            SubmissionId = submissionId,
            ItemId = updated.ItemId,
            ChangedBy = null,
            RegradeId = regradeId,
            ChangedAt = at,
            OldPoints = old?.Points,
            NewPoints = updated.Points,
            OldSource = old?.Source,
            NewSource = updated.Source,
            OldFeedback = old?.Feedback,
            NewFeedback = updated.Feedback,
            Reason = RegradeReason,
        });
}
