using Grader.Inference.Safety;

namespace Grader.Evaluation;

/// <summary>
/// The size check a model file passes before a byte of it is read: a file over the engine's
/// limit is the student's to fix (an <c>invalid</c> mark, not an <c>error</c>), and reading it
/// whole first would cost its size in memory (or fail outright past 2 GiB).
/// </summary>
public static class ModelFileSize
{
    public static long Limit => ModelLimits.Default.MaxFileBytes;

    /// <exception cref="ModelEvaluationException">(a student error) when <paramref name="bytes"/> is over the limit.</exception>
    public static void Check(string fileName, long bytes)
    {
        if (bytes > Limit)
            throw new ModelEvaluationException(
                $"'{fileName}' is {Describe(bytes)}, over the limit of {Describe(Limit)} for a model file", isStudentError: true);
    }

    /// <summary>Reads a local model file after checking its size.</summary>
    public static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        Check(Path.GetFileName(path), new FileInfo(path).Length);
        return await File.ReadAllBytesAsync(path, cancellationToken);
    }

    private static string Describe(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        _ => $"{bytes:N0} bytes",
    };
}
