using System.Collections.Concurrent;
using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Release;
using Grader.Data.Rubrics;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Grading.Release;

/// <summary>A submission as far as showing its marks needs it.</summary>
public sealed record SubmissionRef(Guid Id, string AssignmentId, long RubricVersionId, string Status);

/// <summary>
/// Reads submissions' marks and shows them to a viewer through <see cref="StudentMarks"/>: the API's
/// marks and status, the submission page, the student's lists. Staff see everything.
/// </summary>
public sealed class VisibleMarks(RubricCache rubrics, ReleaseViews releases)
{
    public async Task<MarksView> OfAsync(GraderDbContext db, SubmissionRef submission, bool student, CancellationToken cancellationToken) =>
        (await OfManyAsync(db, [submission], student, cancellationToken))[submission.Id];

    /// <summary>Several submissions of one assignment (a student's history): one query for their marks.</summary>
    public async Task<IReadOnlyDictionary<Guid, MarksView>> OfManyAsync(GraderDbContext db, IReadOnlyList<SubmissionRef> submissions,
        bool student, CancellationToken cancellationToken)
    {
        var ids = submissions.Select(s => s.Id).ToList();
        var all = await db.Marks.AsNoTracking().Where(m => ids.Contains(m.SubmissionId)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var marks = all.ToLookup(m => m.SubmissionId);
        var criteria = await CriteriaAsync(db, all, cancellationToken);
        var views = new Dictionary<Guid, MarksView>();
        var releaseByAssignment = new Dictionary<string, ReleaseView>();
        foreach (var submission in submissions)
        {
            var ofSubmission = marks[submission.Id].ToList();
            var rubric = await rubrics.GetAsync(submission.RubricVersionId, cancellationToken);
            MarksView view;
            if (!student) view = StudentMarks.ForStaff(submission.Status, ofSubmission, criteria);
            else
            {
                if (!releaseByAssignment.TryGetValue(submission.AssignmentId, out var release))
                    releaseByAssignment[submission.AssignmentId] = release = (await releases.LoadAsync(db, submission.AssignmentId, cancellationToken))!;
                view = StudentMarks.ForStudent(submission.Status, ofSubmission, rubric, release, criteria);
            }
            views[submission.Id] = view with { Items = [.. view.Items.Select(m => WithReadableExpected(m, rubric, submission.RubricVersionId))] };
        }
        return views;
    }

    /// <summary>
    /// A formula item's expected formula as people read it (<see cref="ExpectedFormulaText"/>) in place
    /// of the rubric's source text, which names the rubric's inputs; computed once per rubric version.
    /// </summary>
    private ShownMark WithReadableExpected(ShownMark mark, Rubric rubric, long versionId)
    {
        if (mark.Details?.Expected is null || rubric.FindItem(mark.ItemId)?.Check is not FormulaCheck formula) return mark;
        var text = expectedTexts.GetOrAdd((versionId, mark.ItemId), _ => ExpectedFormulaText.Of(formula, rubric));
        return mark with { Details = mark.Details with { Expected = text } };
    }

    private readonly ConcurrentDictionary<(long Version, string Item), string> expectedTexts = new();

    /// <summary>The ticked criteria of the marks graded by criteria (a criterion deleted since counts no more and is not shown).</summary>
    private static async Task<ILookup<long, AppliedCriterion>> CriteriaAsync(GraderDbContext db, List<Mark> marks, CancellationToken cancellationToken)
    {
        var ids = marks.Where(m => m.Adjustment is not null).Select(m => m.Id).ToList();
        if (ids.Count == 0) return Enumerable.Empty<(long, AppliedCriterion)>().ToLookup(x => x.Item1, x => x.Item2);
        var rows = await db.MarkCriteria.AsNoTracking().Where(mc => ids.Contains(mc.MarkId))
            .Join(db.ItemCriteria.Where(c => c.DeletedAt == null), mc => mc.CriterionId, c => c.Id,
                (mc, c) => new { mc.MarkId, c.Position, c.Id, c.Description, c.Points })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Position).ThenBy(r => r.Id).ToLookup(r => r.MarkId, r => new AppliedCriterion(r.Description, r.Points));
    }
}
