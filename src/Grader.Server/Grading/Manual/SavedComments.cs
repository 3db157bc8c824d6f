using Grader.Data;
using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Grading.Manual;

/// <summary>A saved comment as the grading page offers it; Shift and <see cref="Key"/> ("1" to "9") insert it.</summary>
public sealed record CommentView(long Id, string Text, string? Key);

/// <summary>Comments to students that TAs save per item and insert with a key instead of typing them again.</summary>
public sealed class SavedComments(IDbContextFactory<GraderDbContext> contexts, TimeProvider time)
{
    public const int MaxLength = 4000;

    public async Task<IReadOnlyList<CommentView>> ListAsync(string assignmentId, string itemId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var texts = await db.SavedComments.AsNoTracking()
            .Where(c => c.AssignmentId == assignmentId && c.ItemId == itemId && c.DeletedAt == null)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.Text })
            .ToListAsync(cancellationToken);
        return texts.Select((c, i) => new CommentView(c.Id, c.Text, i < 9 ? (i + 1).ToString() : null)).ToList();
    }

    /// <summary>Saves the comment for the item, unless it already has the same one.</summary>
    public async Task AddAsync(string assignmentId, string itemId, string text, long staffId, CancellationToken cancellationToken)
    {
        text = text.Trim();
        if (text.Length is 0 or > MaxLength) return;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.SavedComments.AnyAsync(c => c.AssignmentId == assignmentId && c.ItemId == itemId && c.DeletedAt == null && c.Text == text,
                cancellationToken))
            return;
        db.SavedComments.Add(new SavedComment { AssignmentId = assignmentId, ItemId = itemId, Text = text, CreatedBy = staffId });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DeleteAsync(string assignmentId, string itemId, long commentId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.SavedComments.Where(c => c.Id == commentId && c.AssignmentId == assignmentId && c.ItemId == itemId)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.DeletedAt, now), cancellationToken);
    }
}
