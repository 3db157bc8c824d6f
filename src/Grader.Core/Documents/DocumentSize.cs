using System.Text;

namespace Grader.Core.Documents;

internal static class DocumentSize
{
    /// <summary>
    /// Text without a leading byte-order mark: editors hide it, so columns are counted without it
    /// (and System.Text.Json would refuse it).
    /// </summary>
    public static string WithoutBom(string text) => text.StartsWith('\uFEFF') ? text[1..] : text;

    /// <summary>Refuses input over <see cref="DocumentLimits.MaxBytes"/> before any parsing starts.</summary>
    public static void Check(string text, DocumentLimits limits)
    {
        long bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > limits.MaxBytes)
            throw new DocumentException(
                $"the file is too large ({FormatSize(bytes)}; the limit is {FormatSize(limits.MaxBytes)})",
                new SourcePosition(1, 1));
    }

    private static string FormatSize(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MiB",
        >= 1024 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes} bytes",
    };
}
