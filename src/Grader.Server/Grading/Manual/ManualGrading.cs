using Grader.Core.Marking;
using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Rubrics;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Grading.Manual;

/// <summary>How far the TAs are with one text item: answers graded by hand, of all that need a TA.</summary>
public sealed record ManualProgress(int Graded, int Total)
{
    public int Pending => Total - Graded;
}

/// <summary>How many answers of an item one staff member graded.</summary>
public sealed record TaProgress(string ItemId, string Staff, int Graded);

/// <summary>
/// A TA's grading of an answer (and of the answers grouped with it): the ticked criteria and an
/// adjustment where the item has criteria, else plain points; the comment to the student; an
/// internal note. <see cref="Seen"/> is the shown answer's last update when the page was opened.
/// </summary>
public sealed record GradeInput(long MarkId, long Seen, IReadOnlyList<long> Criteria, double Adjustment, double? Points, string Comment,
    string Note);

public enum ManualSaveOutcome
{
    Saved,
    /// <summary>Somebody graded (or changed) this answer since the page was opened; their mark stands.</summary>
    AlreadyGraded,
    /// <summary>No such answer in this item's queue (any more).</summary>
    NotFound,
    /// <summary>The grading is not one a mark can take (points out of range, an unknown criterion).</summary>
    Invalid,
}

public sealed record ManualSave(ManualSaveOutcome Outcome, double Points = 0, int Answers = 0, string? Problem = null);

/// <summary>
/// The manual grading of text items: the answers of the counted submissions that await a TA or
/// were graded by one (an overridden answer leaves the queue), grouped where they read the same.
/// A save grades the whole group, each answer through <see cref="MarkAudit"/>, with the marks locked;
/// a save over an answer that changed since the page was opened is refused, so a second TA is told
/// instead of silently overwriting the first.
/// </summary>
public sealed class ManualGrading(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics)
{
    public const string Pending = "pending_manual";

    public async Task<IReadOnlyDictionary<string, ManualProgress>> ProgressAsync(string assignmentId, IReadOnlyList<RubricItem> items,
        CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.Id).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counted = await CountedSubmissions.IdsAsync(db, rubrics, assignmentId, cancellationToken);
        var rows = await db.Marks.AsNoTracking()
            .Where(m => ids.Contains(m.ItemId) && counted.Contains(m.SubmissionId) && (m.Result == Pending || m.Source == MarkSources.Manual))
            .GroupBy(m => m.ItemId)
            .Select(g => new { ItemId = g.Key, Graded = g.Count(m => m.Result != Pending), Total = g.Count() })
            .ToListAsync(cancellationToken);
        return ids.ToDictionary(id => id, id => rows.FirstOrDefault(r => r.ItemId == id) is { } r
            ? new ManualProgress(r.Graded, r.Total)
            : new ManualProgress(0, 0));
    }

    /// <summary>Answers graded by hand per item and staff member, most first.</summary>
    public async Task<IReadOnlyList<TaProgress>> ProgressByTaAsync(string assignmentId, IReadOnlyList<RubricItem> items,
        CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.Id).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counted = await CountedSubmissions.IdsAsync(db, rubrics, assignmentId, cancellationToken);
        var rows = await db.Marks.AsNoTracking()
            .Where(m => ids.Contains(m.ItemId) && counted.Contains(m.SubmissionId) && m.Source == MarkSources.Manual && m.GradedBy != null)
            .GroupBy(m => new { m.ItemId, m.GradedBy })
            .Select(g => new { g.Key.ItemId, g.Key.GradedBy, Count = g.Count() })
            .Join(db.Staff, r => r.GradedBy, s => s.Id, (r, s) => new { r.ItemId, s.Name, r.Count })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new TaProgress(r.ItemId, r.Name, r.Count))
            .OrderBy(r => ids.IndexOf(r.ItemId)).ThenByDescending(r => r.Graded).ThenBy(r => r.Staff, StringComparer.Ordinal).ToList();
    }

    /// <summary>The item's answers, grouped and in queue order, with each answer's ticked criteria.</summary>
    public async Task<(AnswerQueue Queue, ILookup<long, long> Ticked)> QueueAsync(string assignmentId, string itemId,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var queue = await QueueAsync(db, assignmentId, itemId, cancellationToken);
        var ids = queue.Groups.SelectMany(g => g.Answers).Where(a => a.Adjustment is not null).Select(a => a.MarkId).ToList();
        var ticked = (await db.MarkCriteria.AsNoTracking().Where(mc => ids.Contains(mc.MarkId)).ToListAsync(cancellationToken))
            .ToLookup(mc => mc.MarkId, mc => mc.CriterionId);
        return (queue, ticked);
    }

    private async Task<AnswerQueue> QueueAsync(GraderDbContext db, string assignmentId, string itemId, CancellationToken cancellationToken)
    {
        var counted = await CountedSubmissions.IdsAsync(db, rubrics, assignmentId, cancellationToken);
        var rows = await db.Marks.AsNoTracking()
            .Where(m => m.ItemId == itemId && counted.Contains(m.SubmissionId) && (m.Result == Pending || m.Source == MarkSources.Manual))
            .Join(db.Submissions, m => m.SubmissionId, s => s.Id, (m, s) => new { m, s.SubmittedAt, s.StudentId })
            .Join(db.Students, x => x.StudentId, st => st.Id, (x, st) => new
            {
                x.m.Id, x.m.SubmissionId, st.Name, st.ExternalId, x.m.Details, x.m.Points, x.m.MaxPoints, x.m.Result, x.m.Feedback,
                x.SubmittedAt, x.m.UpdatedAt, x.m.Ungrouped, x.m.Adjustment, x.m.StaffNote, x.m.GradedBy,
            })
            .ToListAsync(cancellationToken);
        return AnswerQueue.Build(rows.Select(r => new QueuedAnswer(r.Id, r.SubmissionId, r.Name, r.ExternalId,
            MarkDetails.Given(r.Details) ?? "", r.Points, r.MaxPoints, r.Result, r.Feedback, r.SubmittedAt, r.UpdatedAt, r.Ungrouped,
            r.Adjustment, r.StaffNote, r.GradedBy)));
    }

    /// <summary>Grades the answer of <see cref="GradeInput.MarkId"/> and every answer grouped with it, in one transaction.</summary>
    public async Task<ManualSave> SaveAsync(string assignmentId, RubricItem item, GradeInput input, long staffId,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var queue = await QueueAsync(db, assignmentId, item.Id, cancellationToken);
        if (queue.GroupOf(input.MarkId) is not { } group) return new ManualSave(ManualSaveOutcome.NotFound);
        var criteria = await CriteriaStore.ActiveAsync(db, assignmentId, item, cancellationToken);
        if (input.Criteria.Any(id => criteria.All(c => c.Id != id)))
            return new ManualSave(ManualSaveOutcome.Invalid, Problem: "A ticked criterion was deleted meanwhile: check the criteria and save again.");
        var score = Score(item, criteria, input);
        if (score.Problem is not null) return new ManualSave(ManualSaveOutcome.Invalid, Problem: score.Problem);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        long[] ids = [.. group.Answers.Select(a => a.MarkId).Order()];
        // FOR UPDATE in id order: a second TA saving the same group waits here, then finds it changed.
        var marks = await db.Marks.FromSql($"SELECT * FROM marks WHERE id = ANY({ids}) ORDER BY id FOR UPDATE").ToListAsync(cancellationToken);
        if (marks.SingleOrDefault(m => m.Id == input.MarkId) is not { } shown) return new ManualSave(ManualSaveOutcome.NotFound);
        if (shown.UpdatedAt.UtcTicks != input.Seen) return new ManualSave(ManualSaveOutcome.AlreadyGraded);

        string feedback = input.Comment.Trim() is { Length: > 0 } text ? text : "Graded by a TA.";
        string? note = input.Note.Trim() is { Length: > 0 } n ? n : null;
        string reason = ids.Length == 1 ? MarkAudit.ManualGrading : $"{MarkAudit.ManualGrading} (a group of {ids.Length} answers that read the same)";
        var tickedIds = input.Criteria.Distinct().Order().ToList();
        var existing = (await db.MarkCriteria.Where(mc => ids.Contains(mc.MarkId)).ToListAsync(cancellationToken)).ToLookup(mc => mc.MarkId);
        int changed = 0;
        // A mark overridden meanwhile has left the queue: it keeps its override.
        foreach (var mark in marks.Where(m => m.Result == Pending || m.Source == MarkSources.Manual))
        {
            bool same = mark.Source == MarkSources.Manual && Math.Abs(mark.Points - score.Points) < 1e-9 && mark.Feedback == feedback
                        && mark.StaffNote == note && mark.Adjustment == score.Adjustment
                        && existing[mark.Id].Select(mc => mc.CriterionId).Order().SequenceEqual(tickedIds);
            if (same) continue;
            MarkAudit.SetByPerson(db, mark, staffId, score.Points, MarkSources.Manual, feedback, reason);
            mark.Adjustment = score.Adjustment;
            mark.StaffNote = note;
            db.MarkCriteria.RemoveRange(existing[mark.Id]);
            db.MarkCriteria.AddRange(tickedIds.Select(id => new MarkCriterion { MarkId = mark.Id, CriterionId = id }));
            changed++;
        }
        // The submission's status needs no change: only model evaluations hold it back from
        // "graded"; answers awaiting a TA are counted from the marks (awaiting_manual).
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ManualSave(ManualSaveOutcome.Saved, score.Points, changed);
    }

    /// <summary>Takes answers out of their group (all of a group's: the group is split), so each is graded on its own.</summary>
    public async Task SplitAsync(string assignmentId, string itemId, IReadOnlyList<long> markIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Marks.Where(m => markIds.Contains(m.Id) && m.ItemId == itemId
                                  && db.Submissions.Any(s => s.Id == m.SubmissionId && s.AssignmentId == assignmentId))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.Ungrouped, true), cancellationToken);
    }

    private sealed record ScoreOf(double Points, double? Adjustment, string? Problem);

    /// <summary>The score the input gives: from the ticked criteria and the adjustment where the item has criteria, else the typed points.</summary>
    private static ScoreOf Score(RubricItem item, IReadOnlyList<ItemCriterion> criteria, GradeInput input)
    {
        if (criteria.Count == 0)
            return ManualScore.Problem(input.Points, item.Points) is { } problem
                ? new ScoreOf(0, null, problem)
                : new ScoreOf(ManualScore.Round(input.Points!.Value), null, null);
        if (ManualScore.CriterionProblem(input.Adjustment, item.Points) is { } adjustmentProblem)
            return new ScoreOf(0, null, "Adjustment: " + adjustmentProblem + ".");
        var scoring = item.Check is TextCheck text ? text.Scoring : CriteriaScoring.Positive;
        var ticked = criteria.Where(c => input.Criteria.Contains(c.Id)).Select(c => c.Points);
        return new ScoreOf(ManualScore.FromCriteria(item.Points, scoring, ticked, input.Adjustment), input.Adjustment, null);
    }
}
