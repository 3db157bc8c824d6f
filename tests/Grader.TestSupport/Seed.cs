using Grader.Data.Admin;

namespace Grader.TestSupport;

/// <summary>Puts a seed rubric and students into a test database.</summary>
public static class Seed
{
    public static async Task<RubricImportResult> RubricAsync(PostgresDatabase database, string rubricId, string? courseId = null)
    {
        var path = RepositoryFiles.Rubric(rubricId);
        var result = await RubricImporter.ImportAsync(database.Contexts, await File.ReadAllTextAsync(path), path,
            courseId, CancellationToken.None);
        return result.Success ? result : throw new InvalidOperationException(string.Join("\n", result.Problems));
    }

    public static Task<IssuedToken> StudentAsync(PostgresDatabase database, string courseId, string externalId,
        string? index = null) =>
        PeopleDirectory.AddStudentAsync(database.Contexts, courseId, externalId, "Student " + externalId, index,
            CancellationToken.None);
}
