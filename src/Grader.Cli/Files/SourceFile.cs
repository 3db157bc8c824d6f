namespace Grader.Cli.Files;

/// <summary>Reads a rubric or answers file as text, refusing what is missing or too large.</summary>
public static class SourceFile
{
    public const long MaxBytes = 8 * 1024 * 1024;

    public static async Task<(string? Text, string? Error)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return (null, $"{path}: file not found");
        if (info.Length > MaxBytes) return (null, $"{path}: file is larger than {MaxBytes / (1024 * 1024)} MiB");
        try
        {
            return (await File.ReadAllTextAsync(path, cancellationToken), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"{path}: {e.Message}");
        }
    }
}
