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
    /// <summary>Adds or updates the marks in <paramref name="db"/>'s unit of work; the caller saves.</summary>
    public static async Task UpsertAsync(GraderDbContext db, Guid submissionId, IReadOnlyList<Mark> marks,
        CancellationToken cancellationToken)
    {
        var itemIds = marks.Select(m => m.ItemId).ToList();
        var existing = await db.Marks
            .Where(m => m.SubmissionId == submissionId && itemIds.Contains(m.ItemId))
            .ToDictionaryAsync(m => m.ItemId, cancellationToken);
        var now = DateTimeOffset.UtcNow;
        foreach (var mark in marks)
        {
            if (!existing.TryGetValue(mark.ItemId, out var row))
            {
                mark.SubmissionId = submissionId;
                mark.UpdatedAt = now;
                db.Marks.Add(mark);
                continue;
            }
            if (MarkSources.IsHuman(row.Source)) continue;
            row.RubricVersionId = mark.RubricVersionId;
            row.Points = mark.Points;
            row.MaxPoints = mark.MaxPoints;
            row.Bonus = mark.Bonus;
            row.Source = mark.Source;
            row.Result = mark.Result;
            row.Feedback = mark.Feedback;
            row.Details = mark.Details;
            row.UpdatedAt = now;
        }
    }
}
