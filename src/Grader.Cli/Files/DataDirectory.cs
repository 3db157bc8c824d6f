using System.CommandLine;

namespace Grader.Cli.Files;

/// <summary>
/// Where imported held-out data sets live: <c>--data-dir</c>, else <c>GRADER_DATA_DIR</c>, else
/// <c>~/.local/share/grader/datasets</c>.
/// </summary>
public static class DataDirectory
{
    public static Option<string?> CreateOption() => new("--data-dir")
    {
        Description = "Folder of imported data sets (default: $GRADER_DATA_DIR or ~/.local/share/grader/datasets).",
    };

    /// <summary>The folder as an absolute path, so that messages name it plainly and a sandboxed child, which runs elsewhere, finds it.</summary>
    public static string Resolve(string? option)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("GRADER_DATA_DIR");
        return Path.GetFullPath(option
            ?? (string.IsNullOrEmpty(fromEnvironment)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "grader", "datasets")
                : fromEnvironment));
    }
}
