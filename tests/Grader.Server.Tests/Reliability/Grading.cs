using Grader.Core.Rubrics;
using Grader.Data;
using Grader.TestSupport;

namespace Grader.Server.Tests.Reliability;

/// <summary>What the reliability tests wait for and count against.</summary>
public static class Grading
{
    /// <summary>
    /// Marks a graded submission has: one per rubric item, taken from the rubric file itself so
    /// that a submission missing marks cannot set the expectation.
    /// </summary>
    public static int ItemsOf(string assignment) =>
        RubricLoader.Load(File.ReadAllText(RepositoryFiles.Rubric(assignment)), assignment).Rubric!.Items.Count;

    public static Task<bool> WaitUntilAsync(PostgresDatabase database, Func<GraderDbContext, Task<bool>> condition, TimeSpan timeout) =>
        Poll.UntilAsync(async () =>
        {
            await using var db = await database.OpenAsync();
            return await condition(db);
        }, timeout);
}
