namespace Grader.Cli.Tests;

/// <summary>Finds the repository's rubrics and reference folders from the test's output directory.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Rubrics => Path.Combine(Root, "rubrics");
    public static string Reference => Path.Combine(Root, "reference");

    public static string Rubric(string id) => Path.Combine(Rubrics, id + ".yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) return dir.FullName;
        throw new InvalidOperationException("Grader.sln not found above " + AppContext.BaseDirectory);
    }
}
