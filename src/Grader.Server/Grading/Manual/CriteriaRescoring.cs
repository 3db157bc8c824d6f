using Grader.Core.Marking;
using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Grading.Manual;

/// <summary>
/// Re-scores the answers graded by criteria that have one criterion ticked, after that criterion
/// changed, in the caller's transaction: each mark is locked, recomputed from its ticked criteria
/// (as they are now) and its adjustment, and written through <see cref="MarkAudit"/> when its
/// points changed. Its grader and feedback stay.
/// </summary>
public static class CriteriaRescoring
{
    public static async Task<IReadOnlyList<Rescored>> RescoreAsync(GraderDbContext db, string assignmentId, RubricItem item, long criterionId,
        string reason, long staffId, CancellationToken cancellationToken)
    {
        // Saved first, so the criteria read below are the changed ones.
        await db.SaveChangesAsync(cancellationToken);
        var scoring = item.Check is TextCheck text ? text.Scoring : CriteriaScoring.Positive;
        // Locked in id order, as every writer of several marks does, so two of them cannot deadlock.
        var marks = await db.Marks.FromSql($"""
                SELECT m.* FROM marks m
                WHERE m.adjustment IS NOT NULL
                  AND EXISTS (SELECT 1 FROM mark_criteria mc WHERE mc.mark_id = m.id AND mc.criterion_id = {criterionId})
                ORDER BY m.id FOR UPDATE
                """)
            .ToListAsync(cancellationToken);
        var ids = marks.Select(m => m.Id).ToList();
        var ticked = (await db.MarkCriteria.Where(mc => ids.Contains(mc.MarkId))
                .Join(db.ItemCriteria.Where(c => c.DeletedAt == null), mc => mc.CriterionId, c => c.Id, (mc, c) => new { mc.MarkId, c.Points })
                .ToListAsync(cancellationToken))
            .ToLookup(x => x.MarkId, x => x.Points);
        var submissionIds = marks.Select(m => m.SubmissionId).ToList();
        var students = await db.Submissions.Where(s => submissionIds.Contains(s.Id) && s.AssignmentId == assignmentId)
            .Select(s => new { s.Id, s.Student!.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);

        var rescored = new List<Rescored>();
        foreach (var mark in marks.Where(m => students.ContainsKey(m.SubmissionId)))
        {
            double points = ManualScore.FromCriteria(mark.MaxPoints, scoring, ticked[mark.Id], mark.Adjustment!.Value);
            if (Math.Abs(points - mark.Points) < 1e-9) continue;
            rescored.Add(new Rescored(mark.SubmissionId, students[mark.SubmissionId], mark.Points, points));
            MarkAudit.SetByPerson(db, mark, staffId, points, mark.Source, mark.Feedback, reason, keepGrader: true);
        }
        return rescored;
    }
}
