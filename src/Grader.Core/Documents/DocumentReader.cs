namespace Grader.Core.Documents;

/// <summary>Reads a rubric or answer file, choosing the format from its name.</summary>
public static class DocumentReader
{
    /// <summary>JSON for names ending in <c>.json</c> (any case), YAML for everything else.</summary>
    /// <param name="sourceName">The file name; only its extension is looked at, nothing is opened.</param>
    /// <exception cref="DocumentException">The text cannot be read; the position says where.</exception>
    public static DocNode Read(string text, string sourceName, DocumentLimits limits) =>
        IsJson(sourceName) ? JsonDocumentReader.Read(text, limits) : YamlDocumentReader.Read(text, limits);

    public static bool IsJson(string sourceName) =>
        sourceName.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
