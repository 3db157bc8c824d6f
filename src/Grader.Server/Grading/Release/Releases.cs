using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Release;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Grading.Release;

/// <summary>Staff release an assignment's marks to its students, or one item's ahead of it, and may take a release back.</summary>
public sealed class Releases(IDbContextFactory<GraderDbContext> contexts, TimeProvider time)
{
    /// <summary>Releases (or, with <paramref name="release"/> false, withdraws) the whole assignment; false when it does not exist.</summary>
    public async Task<bool> SetAssignmentAsync(string assignmentId, bool release, long staffId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var changed = await db.Assignments.Where(a => a.Id == assignmentId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.ReleasedAt, a => release ? a.ReleasedAt ?? now : null)
                .SetProperty(a => a.ReleasedBy, a => release ? a.ReleasedBy ?? staffId : null), cancellationToken);
        return changed == 1;
    }

    /// <summary>Releases or withdraws one item of the assignment (kept apart from the assignment's own release).</summary>
    public async Task SetItemAsync(string assignmentId, string itemId, bool release, long staffId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!release)
        {
            await db.ItemReleases.Where(r => r.AssignmentId == assignmentId && r.ItemId == itemId).ExecuteDeleteAsync(cancellationToken);
            return;
        }
        // ON CONFLICT: releasing twice (two TAs at once) keeps the first release.
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO item_releases (assignment_id, item_id, released_at, released_by) VALUES ({assignmentId}, {itemId}, {time.GetUtcNow()}, {staffId}) ON CONFLICT DO NOTHING",
            cancellationToken);
    }
}
