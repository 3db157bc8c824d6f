namespace Grader.Tests.Shared;

/// <summary>The repository's root folder (where Grader.sln is), found from the test's output folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>A file under tests/fixtures, e.g. <c>Fixture("fashion-mnist", "fashion_cnn.onnx")</c>.</summary>
    public static string Fixture(params string[] parts) =>
        System.IO.Path.Combine([Path, "tests", "fixtures", .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Grader.sln"))) return dir.FullName;
        throw new InvalidOperationException("Grader.sln not found above " + AppContext.BaseDirectory);
    }
}
