using Grader.Data.Admin;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Tests.Admin;

public sealed class RubricImporterTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private Task<RubricImportResult> ImportAsync(string yaml) =>
        RubricImporter.ImportAsync(database.Contexts, yaml, "rubrics/rptu-dl-ex2.yaml", "rptu-dl", CancellationToken.None);

    [Fact]
    public async Task Importing_the_same_rubric_again_changes_nothing_and_a_changed_one_becomes_a_new_version()
    {
        var yaml = await File.ReadAllTextAsync(RepositoryFiles.Rubric("rptu-dl-ex2"));
        var first = await ImportAsync(yaml);
        var again = await ImportAsync(yaml);
        var changed = await ImportAsync(yaml.Replace("title: ", "title: Revised ", StringComparison.Ordinal));

        Assert.Equal((1, true), (first.Version, first.Changed));
        Assert.Equal((1, false), (again.Version, again.Changed));
        Assert.Equal((2, true), (changed.Version, changed.Changed));
        await using var db = await database.OpenAsync();
        var assignment = await db.Assignments.Include(a => a.CurrentVersion).SingleAsync(a => a.Id == "rptu-dl-ex2");
        Assert.Equal(2, assignment.CurrentVersion!.Version);
        Assert.StartsWith("Revised", assignment.Title);
        Assert.Equal(2, await db.RubricVersions.CountAsync(v => v.AssignmentId == "rptu-dl-ex2"));
        Assert.NotNull(assignment.Deadline);
    }

    [Fact]
    public async Task A_broken_rubric_is_reported_and_nothing_is_stored()
    {
        var result = await RubricImporter.ImportAsync(database.Contexts, "id: broken\ntitle: x\n", "broken.yaml", null, CancellationToken.None);
        Assert.False(result.Success);
        Assert.Contains(result.Problems, p => p.StartsWith("broken.yaml:"));
        await using var db = await database.OpenAsync();
        Assert.False(await db.Assignments.AnyAsync(a => a.Id == "broken"));
    }

    [Fact]
    public void Without_a_course_id_a_rubric_goes_to_the_course_its_id_starts_with()
    {
        var rubric = Grader.Core.Rubrics.RubricLoader.Load(File.ReadAllText(RepositoryFiles.Rubric("rptu-dl-ex2")), "r").Rubric!;
        Assert.Equal("rptu", RubricImporter.CourseIdFor(rubric));
    }
}
