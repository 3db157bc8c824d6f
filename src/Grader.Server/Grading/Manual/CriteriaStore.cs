using Grader.Core.Marking;
using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Grading.Manual;

/// <summary>A criterion as the grading page shows it; <see cref="Key"/> ticks it ("1" to "9", the first nine).</summary>
public sealed record CriterionView(long Id, string Description, double Points, string? Key);

/// <summary>An answer whose score changed because a criterion it has ticked changed.</summary>
public sealed record Rescored(Guid SubmissionId, string Student, double OldPoints, double NewPoints);

/// <summary>What became of an edit of the criteria: refused with a reason, or done with the answers it re-scored.</summary>
public sealed record CriteriaEdit(string? Problem, IReadOnlyList<Rescored> Rescored)
{
    public static CriteriaEdit Refused(string problem) => new(problem, []);
}

/// <summary>
/// The criteria of a text item. The rubric's are copied in the first time they are asked for
/// (each once, by description: a criterion staff deleted stays deleted); from then on staff edit
/// them on the grading page. Changing a criterion's points, or deleting it, re-scores every
/// answer that has it ticked, through the audited path (<see cref="CriteriaRescoring"/>).
/// </summary>
public sealed class CriteriaStore(IDbContextFactory<GraderDbContext> contexts, TimeProvider time)
{
    public const int MaxDescription = 500;

    public async Task<IReadOnlyList<CriterionView>> ListAsync(string assignmentId, RubricItem item, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return View(await ActiveAsync(db, assignmentId, item, cancellationToken));
    }

    /// <summary>The item's criteria in page order, the rubric's copied in first if they are not yet.</summary>
    public static async Task<List<ItemCriterion>> ActiveAsync(GraderDbContext db, string assignmentId, RubricItem item,
        CancellationToken cancellationToken)
    {
        if (item.Check is TextCheck { Criteria.Count: > 0 } text)
        {
            string[] descriptions = [.. text.Criteria.Select(c => c.Description)];
            double[] points = [.. text.Criteria.Select(c => c.Points)];
            // One statement whatever the number; ON CONFLICT: already copied (or copied by a concurrent page load).
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO item_criteria (assignment_id, item_id, position, description, points, from_rubric)
                SELECT {assignmentId}, {item.Id}, t.ord, t.description, t.points, t.description
                FROM unnest({descriptions}, {points}) WITH ORDINALITY AS t(description, points, ord)
                ON CONFLICT (assignment_id, item_id, from_rubric) DO NOTHING
                """, cancellationToken);
        }
        return await db.ItemCriteria.Where(c => c.AssignmentId == assignmentId && c.ItemId == item.Id && c.DeletedAt == null)
            .OrderBy(c => c.Position).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken);
    }

    public static IReadOnlyList<CriterionView> View(IReadOnlyList<ItemCriterion> criteria) =>
        criteria.Select((c, i) => new CriterionView(c.Id, c.Description, c.Points, i < 9 ? (i + 1).ToString() : null)).ToList();

    public async Task<CriteriaEdit> AddAsync(string assignmentId, RubricItem item, string description, double points, long staffId,
        CancellationToken cancellationToken)
    {
        if (Problem(description, points, item) is { } problem) return CriteriaEdit.Refused(problem);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await ActiveAsync(db, assignmentId, item, cancellationToken);
        if (existing.Any(c => c.Description == description.Trim())) return CriteriaEdit.Refused("This item already has that criterion.");
        db.ItemCriteria.Add(new ItemCriterion
        {
            AssignmentId = assignmentId, ItemId = item.Id, Description = description.Trim(), Points = points, CreatedBy = staffId,
            Position = (existing.Count == 0 ? 0 : existing.Max(c => c.Position)) + 1,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new CriteriaEdit(null, []);
    }

    /// <summary>New description and points; new points re-score every answer that has the criterion ticked.</summary>
    public async Task<CriteriaEdit> ChangeAsync(string assignmentId, RubricItem item, long criterionId, string description, double points,
        long staffId, CancellationToken cancellationToken)
    {
        if (Problem(description, points, item) is { } problem) return CriteriaEdit.Refused(problem);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(db, assignmentId, item, criterionId, cancellationToken) is not { } criterion)
            return CriteriaEdit.Refused("No such criterion.");
        double old = criterion.Points;
        criterion.Description = description.Trim();
        criterion.Points = points;
        var rescored = Math.Abs(old - points) < 1e-9 ? [] : await CriteriaRescoring.RescoreAsync(db, assignmentId, item, criterionId,
            $"criterion \"{criterion.Description}\" changed from {Format(old)} to {Format(points)} points", staffId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CriteriaEdit(null, rescored);
    }

    /// <summary>Deletes the criterion; answers that had it ticked lose its points.</summary>
    public async Task<CriteriaEdit> DeleteAsync(string assignmentId, RubricItem item, long criterionId, long staffId,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(db, assignmentId, item, criterionId, cancellationToken) is not { } criterion)
            return CriteriaEdit.Refused("No such criterion.");
        criterion.DeletedAt = time.GetUtcNow();
        var rescored = await CriteriaRescoring.RescoreAsync(db, assignmentId, item, criterionId,
            $"criterion \"{criterion.Description}\" ({Format(criterion.Points)} points) deleted", staffId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CriteriaEdit(null, rescored);
    }

    /// <summary>The criterion, locked: two edits of it (or of its answers' scores) take turns.</summary>
    private static async Task<ItemCriterion?> LockAsync(GraderDbContext db, string assignmentId, RubricItem item, long criterionId,
        CancellationToken cancellationToken) =>
        (await db.ItemCriteria.FromSql($"SELECT * FROM item_criteria WHERE id = {criterionId} FOR UPDATE").ToListAsync(cancellationToken))
            .SingleOrDefault(c => c.AssignmentId == assignmentId && c.ItemId == item.Id && c.DeletedAt == null);

    private static string? Problem(string description, double points, RubricItem item)
    {
        var text = description.Trim();
        if (text.Length is 0 or > MaxDescription) return $"Describe the criterion in 1 to {MaxDescription} characters.";
        return ManualScore.CriterionProblem(points, item.Points) is { } problem ? "Points: " + problem + "." : null;
    }

    private static string Format(double points) => Web.Format.Number(points);
}
