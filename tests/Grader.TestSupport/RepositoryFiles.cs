namespace Grader.TestSupport;

/// <summary>The repository's rubrics and reference answers, found from the test's output folder.</summary>
public static class RepositoryFiles
{
    public static string Root => Grader.Tests.Shared.RepositoryRoot.Path;

    public static string Rubric(string id) => Path.Combine(Root, "rubrics", id + ".yaml");

    public static string Reference(string id, string file) => Path.Combine(Root, "reference", id, file);

}
