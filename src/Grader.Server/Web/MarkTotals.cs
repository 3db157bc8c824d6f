using Grader.Data;
using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Web;

/// <summary>Submission totals, summed by the database in one grouped query.</summary>
public static class MarkTotals
{
    /// <summary>
    /// The sum of the mark points of each of <paramref name="submissions"/> that has a mark; a
    /// submission without any (queued, failed) is absent, not 0: it has no total yet.
    /// </summary>
    public static Task<Dictionary<Guid, double>> OfAsync(GraderDbContext db, IQueryable<Submission> submissions,
        CancellationToken cancellationToken) =>
        db.Marks.Where(m => submissions.Any(s => s.Id == m.SubmissionId))
            .GroupBy(m => m.SubmissionId)
            .Select(g => new { g.Key, Total = g.Sum(m => m.Points) })
            .ToDictionaryAsync(x => x.Key, x => x.Total, cancellationToken);
}
