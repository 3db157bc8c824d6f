using Grader.Evaluation;

namespace Grader.Cli.Files;

/// <summary>
/// Model files for offline grading: those given as <c>--model item=path</c>, else the file the
/// answers name, looked up beside the answers file. A file over the size limit is refused before
/// it is read (<see cref="ModelFileSize"/>).
/// </summary>
public sealed class LocalModelFiles(IReadOnlyDictionary<string, string> explicitPaths, string answersFolder) : IModelFiles
{
    public async Task<ReadOnlyMemory<byte>?> ReadAsync(string itemId, string fileName, CancellationToken cancellationToken)
    {
        var path = explicitPaths.TryGetValue(itemId, out var given) ? given : Path.Combine(answersFolder, fileName);
        if (!File.Exists(path)) return null;
        return await ModelFileSize.ReadAsync(path, cancellationToken);
    }

    /// <summary>Parses repeated <c>item=path</c> options; returns an error message for a malformed one.</summary>
    public static (Dictionary<string, string> Paths, string? Error) Parse(IEnumerable<string> options)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            int equals = option.IndexOf('=');
            if (equals <= 0 || equals == option.Length - 1)
                return (paths, $"--model '{option}' must be ITEM=FILE, e.g. 2.4.cifar10=net.onnx");
            paths[option[..equals]] = option[(equals + 1)..];
        }
        return (paths, null);
    }
}
