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

    public static string Resolve(string? option)
    {
        if (option is not null) return option;
        var fromEnvironment = Environment.GetEnvironmentVariable("GRADER_DATA_DIR");
        return string.IsNullOrEmpty(fromEnvironment)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "grader", "datasets")
            : fromEnvironment;
    }
}
