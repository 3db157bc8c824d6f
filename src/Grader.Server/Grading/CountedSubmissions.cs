using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Rubrics;
using Grader.Server.Web;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Grading;

/// <summary>One submission with the sum of its marks' points (null before any mark).</summary>
public sealed record SubmissionSummary(Guid Id, long StudentId, DateTimeOffset SubmittedAt, bool IsLate, string Status, double? Total);

/// <summary>
/// Which submission of each student counts for an assignment, as its rubric's <c>counts</c> says
/// (latest or best). The gradebook, the statistics and the manual-grading queue all ask here, so
/// they agree on what a student's mark is.
/// </summary>
public static class CountedSubmissions
{
    /// <summary>The counted submission per student id, for students with at least one submission.</summary>
    public static IReadOnlyDictionary<long, SubmissionSummary> Pick(IEnumerable<SubmissionSummary> submissions, CountedSubmission counts) =>
        submissions.GroupBy(s => s.StudentId).ToDictionary(g => g.Key, g => PickOne(g.ToList(), counts));

    /// <summary>Every submission of the assignment with its total, in two queries.</summary>
    public static async Task<IReadOnlyList<SubmissionSummary>> ReadAsync(GraderDbContext db, string assignmentId,
        CancellationToken cancellationToken)
    {
        var ofAssignment = db.Submissions.AsNoTracking().Where(s => s.AssignmentId == assignmentId);
        var totals = await MarkTotals.OfAsync(db, ofAssignment, cancellationToken);
        return (await ofAssignment.Select(s => new { s.Id, s.StudentId, s.SubmittedAt, s.IsLate, s.Status }).ToListAsync(cancellationToken))
            .Select(s => new SubmissionSummary(s.Id, s.StudentId, s.SubmittedAt, s.IsLate, s.Status, totals.TryGetValue(s.Id, out var t) ? t : null))
            .ToList();
    }

    /// <summary>The ids of the counted submissions, by the assignment's current rubric.</summary>
    public static async Task<List<Guid>> IdsAsync(GraderDbContext db, RubricCache rubrics, string assignmentId,
        CancellationToken cancellationToken)
    {
        var versionId = await db.Assignments.Where(a => a.Id == assignmentId).Select(a => a.CurrentVersionId).FirstOrDefaultAsync(cancellationToken);
        var counts = versionId is { } id ? (await rubrics.GetAsync(id, cancellationToken)).Counts : CountedSubmission.Latest;
        return Pick(await ReadAsync(db, assignmentId, cancellationToken), counts).Values.Select(s => s.Id).ToList();
    }

    /// <summary>
    /// The counted submissions of several assignments (the landing page's counts), by each one's
    /// current rubric, in three queries whatever their number: submissions, and totals only for
    /// the assignments that count the best one.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<SubmissionSummary>>> OfManyAsync(GraderDbContext db, RubricCache rubrics,
        IReadOnlyList<string> assignmentIds, CancellationToken cancellationToken)
    {
        var versions = await db.Assignments.AsNoTracking().Where(a => assignmentIds.Contains(a.Id))
            .Select(a => new { a.Id, a.CurrentVersionId }).ToListAsync(cancellationToken);
        var counts = new Dictionary<string, CountedSubmission>();
        foreach (var a in versions)
            counts[a.Id] = a.CurrentVersionId is { } v ? (await rubrics.GetAsync(v, cancellationToken)).Counts : CountedSubmission.Latest;
        var best = counts.Where(c => c.Value == CountedSubmission.Best).Select(c => c.Key).ToList();
        var totals = best.Count == 0 ? []
            : await MarkTotals.OfAsync(db, db.Submissions.Where(s => best.Contains(s.AssignmentId)), cancellationToken);
        var rows = await db.Submissions.AsNoTracking().Where(s => assignmentIds.Contains(s.AssignmentId))
            .Select(s => new { s.AssignmentId, s.Id, s.StudentId, s.SubmittedAt, s.IsLate, s.Status }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.AssignmentId).ToDictionary(g => g.Key, IReadOnlyList<SubmissionSummary> (g) =>
            [.. Pick(g.Select(s => new SubmissionSummary(s.Id, s.StudentId, s.SubmittedAt, s.IsLate, s.Status, totals.TryGetValue(s.Id, out var t) ? t : null)),
                counts.GetValueOrDefault(g.Key)).Values]);
    }

    private static SubmissionSummary PickOne(IReadOnlyList<SubmissionSummary> ofOneStudent, CountedSubmission counts)
    {
        var latest = ofOneStudent.MaxBy(s => s.SubmittedAt)!;
        if (counts == CountedSubmission.Latest) return latest;
        // Only graded submissions have a total worth comparing; a queued one could still win, but
        // until it is graded the best graded one stands (and without any, the latest shows its state).
        return ofOneStudent.Where(s => s.Status == SubmissionStatus.Graded)
            .OrderByDescending(s => s.Total ?? 0).ThenBy(s => s.SubmittedAt)
            .FirstOrDefault() ?? latest;
    }
}
