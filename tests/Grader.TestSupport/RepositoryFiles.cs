namespace Grader.TestSupport;

/// <summary>The repository's rubrics and reference answers, found from the test's output folder.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Rubric(string id) => Path.Combine(Root, "rubrics", id + ".yaml");

    public static string Reference(string id, string file) => Path.Combine(Root, "reference", id, file);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) return dir.FullName;
        throw new InvalidOperationException("Grader.sln not found above " + AppContext.BaseDirectory);
    }
}
