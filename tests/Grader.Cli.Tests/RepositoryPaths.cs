namespace Grader.Cli.Tests;

/// <summary>Finds the repository's rubrics and reference folders from the test's output directory.</summary>
internal static class RepositoryPaths
{
    public static string Root => RepositoryRoot.Path;

    public static string Rubrics => Path.Combine(Root, "rubrics");
    public static string Reference => Path.Combine(Root, "reference");

    public static string Rubric(string id) => Path.Combine(Rubrics, id + ".yaml");

}
