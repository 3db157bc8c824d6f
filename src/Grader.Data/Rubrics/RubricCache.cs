using System.Collections.Concurrent;
using Grader.Core.Rubrics;
using Grader.Data;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Rubrics;

/// <summary>
/// Parsed rubric versions by id. A version's text never changes, so a parsed rubric is cached
/// for the life of the process; parsing happens once per version, not once per submission.
/// </summary>
public sealed class RubricCache(IDbContextFactory<GraderDbContext> contexts)
{
    private readonly ConcurrentDictionary<long, Rubric> rubrics = new();

    public async Task<Rubric> GetAsync(long versionId, CancellationToken cancellationToken)
    {
        if (rubrics.TryGetValue(versionId, out var cached)) return cached;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var version = await db.RubricVersions.AsNoTracking().SingleAsync(v => v.Id == versionId, cancellationToken);
        var loaded = RubricLoader.Load(version.Yaml, version.SourceName);
        var rubric = loaded.Rubric ?? throw new InvalidOperationException(
            $"stored rubric version {versionId} no longer loads: {string.Join("; ", loaded.Problems.Select(p => p.Describe(version.SourceName)))}");
        return rubrics.GetOrAdd(versionId, rubric);
    }
}
