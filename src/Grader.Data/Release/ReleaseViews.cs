using Grader.Core.Rubrics;
using Grader.Data.Rubrics;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Release;

/// <summary>Reads an assignment's <see cref="ReleaseView"/> now: its current rubric's policy, its releases, its deadline.</summary>
public sealed class ReleaseViews(RubricCache rubrics, TimeProvider time)
{
    public async Task<ReleaseView?> LoadAsync(GraderDbContext db, string assignmentId, CancellationToken cancellationToken)
    {
        var assignment = await db.Assignments.AsNoTracking().Where(a => a.Id == assignmentId)
            .Select(a => new { a.Deadline, a.ReleasedAt, a.CurrentVersionId })
            .FirstOrDefaultAsync(cancellationToken);
        if (assignment is null) return null;
        var policy = assignment.CurrentVersionId is { } version ? (await rubrics.GetAsync(version, cancellationToken)).Release : ReleasePolicy.Default;
        var items = await db.ItemReleases.AsNoTracking().Where(r => r.AssignmentId == assignmentId).Select(r => r.ItemId)
            .ToListAsync(cancellationToken);
        return new ReleaseView(policy, assignment.ReleasedAt, items.ToHashSet(StringComparer.Ordinal), assignment.Deadline, time.GetUtcNow());
    }
}
