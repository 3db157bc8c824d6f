using Grader.Core.Rubrics;
using Grader.Core.Statistics;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Rubrics;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Grading;

/// <summary>One item's results over the counted submissions.</summary>
public sealed record ItemStatistics(
    RubricItem Item,
    ScoreSummary Summary,
    ScoreHistogram Histogram,
    int Pending,
    IReadOnlyList<WrongAnswerGroup> WrongAnswers);

/// <summary>An assignment's results: the totals, every item, and the items where most points were lost.</summary>
public sealed record AssignmentStatistics(
    CountedSubmission Counts,
    int Students,
    ScoreSummary Total,
    ScoreHistogram TotalHistogram,
    int WithPending,
    IReadOnlyList<ItemStatistics> Items,
    IReadOnlyList<ItemLoss> Losses);

/// <summary>
/// Gathers the marks of the counted submissions (one per student) and hands them to the pure
/// statistics of Grader.Core. Items are those of the current rubric version. Marks still waiting
/// (for a TA or a model evaluation) are left out of an item's numbers and counted apart; the
/// totals include them as they stand, and the page says how many are provisional.
/// </summary>
public sealed class AssignmentStatisticsQuery(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics)
{
    private static readonly string[] Waiting = ["pending_manual", "pending_model"];

    private sealed record Row(Guid SubmissionId, string ItemId, double Points, string Result, string Feedback, string? Details);

    public async Task<AssignmentStatistics> GetAsync(Assignment assignment, CancellationToken cancellationToken)
    {
        var rubric = await rubrics.GetAsync(assignment.CurrentVersionId!.Value, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var submissionIds = CountedSubmissions.Pick(await CountedSubmissions.ReadAsync(db, assignment.Id, cancellationToken), rubric.Counts)
            .Values.Select(s => s.Id).ToList();
        var rows = await db.Marks.AsNoTracking()
            .Where(m => submissionIds.Contains(m.SubmissionId))
            .Select(m => new Row(m.SubmissionId, m.ItemId, m.Points, m.Result, m.Feedback, m.Details))
            .ToListAsync(cancellationToken);
        return Build(rubric, submissionIds, rows);
    }

    private static AssignmentStatistics Build(Rubric rubric, IReadOnlyList<Guid> submissions, IReadOnlyList<Row> rows)
    {
        var byItem = rows.ToLookup(r => r.ItemId);
        var items = rubric.Items.Select(item => ItemOf(item, byItem[item.Id].ToList())).ToList();
        var known = rubric.Items.Select(i => i.Id).ToHashSet();
        var totals = rows.Where(r => known.Contains(r.ItemId)).GroupBy(r => r.SubmissionId).ToDictionary(g => g.Key, g => g.Sum(r => r.Points));
        // A submission without marks yet (queued, failed) scores nothing so far; it still counts as a student.
        var scores = submissions.Select(s => totals.GetValueOrDefault(s)).ToList();
        double max = rubric.Items.Where(i => !i.Bonus).Sum(i => i.Points);
        int withPending = rows.Where(r => Waiting.Contains(r.Result)).Select(r => r.SubmissionId).Distinct().Count();
        var losses = PointsLost.Rank(items.Select(i => new ItemScores(i.Item.Id, i.Item.Points, i.Item.Bonus,
            byItem[i.Item.Id].Where(r => !Waiting.Contains(r.Result)).Select(r => r.Points).ToList())));
        return new AssignmentStatistics(rubric.Counts, submissions.Count, ScoreSummary.Of(scores, max), ScoreHistogram.Of(scores, max),
            withPending, items, losses);
    }

    private static ItemStatistics ItemOf(RubricItem item, IReadOnlyList<Row> rows)
    {
        var final = rows.Where(r => !Waiting.Contains(r.Result)).ToList();
        var points = final.Select(r => r.Points).ToList();
        // Free text and trained models are no short values that students repeat word for word.
        var wrong = item.Kind is ItemKind.Text or ItemKind.Model
            ? []
            : final.Where(r => r.Points < item.Points - 1e-9)
                .Select(r => MarkDetails.Given(r.Details) is { } given ? new WrongAnswer(given, r.Feedback, r.Points) : null)
                .OfType<WrongAnswer>();
        return new ItemStatistics(item, ScoreSummary.Of(points, item.Points), ScoreHistogram.Of(points, item.Points),
            rows.Count - final.Count, WrongAnswers.Group(wrong));
    }
}
