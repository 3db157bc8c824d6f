using Grader.Core.Rubrics;
using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Admin;

/// <summary>
/// Stores a rubric as a new version of its assignment (creating course and assignment on first
/// import). Importing unchanged text again is a no-op; changed text becomes version n+1 and the
/// assignment's current version. Earlier versions stay, with the marks they produced.
/// </summary>
public static class RubricImporter
{
    public static async Task<RubricImportResult> ImportAsync(IDbContextFactory<GraderDbContext> contexts, string yaml,
        string sourceName, string? courseId, CancellationToken cancellationToken)
    {
        var loaded = RubricLoader.Load(yaml, sourceName);
        if (loaded.Rubric is not { } rubric)
            return new RubricImportResult(null, null, 0, false, loaded.Problems.Select(p => p.Describe(sourceName)).ToList());

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        courseId ??= CourseIdFor(rubric);
        if (!await db.Courses.AnyAsync(c => c.Id == courseId, cancellationToken))
            db.Courses.Add(new Course { Id = courseId, Title = rubric.Course ?? courseId });

        var assignment = await db.Assignments.FirstOrDefaultAsync(a => a.Id == rubric.Id, cancellationToken);
        if (assignment is null)
        {
            assignment = new Assignment { Id = rubric.Id, CourseId = courseId, Title = rubric.Title };
            db.Assignments.Add(assignment);
        }
        else if (assignment.CourseId != courseId)
        {
            return new RubricImportResult(rubric.Id, assignment.CourseId, 0, false,
                [$"{sourceName}: assignment '{rubric.Id}' belongs to course '{assignment.CourseId}', not '{courseId}'"]);
        }

        var same = await db.RubricVersions.FirstOrDefaultAsync(
            v => v.AssignmentId == rubric.Id && v.ContentHash == rubric.ContentHash, cancellationToken);
        if (same is not null && assignment.CurrentVersionId == same.Id)
            return new RubricImportResult(rubric.Id, courseId, same.Version, false, []);

        var version = same ?? new RubricVersion
        {
            AssignmentId = rubric.Id,
            Version = await db.RubricVersions.Where(v => v.AssignmentId == rubric.Id)
                .Select(v => (int?)v.Version).MaxAsync(cancellationToken) is { } newest ? newest + 1 : 1,
            ContentHash = rubric.ContentHash,
            Yaml = yaml,
            SourceName = Path.GetFileName(sourceName),
        };
        if (same is null) db.RubricVersions.Add(version);
        await db.SaveChangesAsync(cancellationToken);
        assignment.CurrentVersionId = version.Id;
        assignment.Title = rubric.Title;
        assignment.Deadline = rubric.Deadline?.ToUniversalTime();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RubricImportResult(rubric.Id, courseId, version.Version, true, []);
    }

    /// <summary>
    /// The course a rubric goes to when none is given: the part of its id before the first '-'
    /// ("rptu-dl-ex2" goes to "rptu"), named by the rubric's <c>course:</c> text.
    /// </summary>
    public static string CourseIdFor(Rubric rubric)
    {
        int dash = rubric.Id.IndexOf('-');
        return dash > 0 ? rubric.Id[..dash] : rubric.Id;
    }
}

/// <summary>What an import did; <see cref="Problems"/> is empty on success.</summary>
public sealed record RubricImportResult(string? AssignmentId, string? CourseId, int Version, bool Changed,
    IReadOnlyList<string> Problems)
{
    public bool Success => Problems.Count == 0;
}
