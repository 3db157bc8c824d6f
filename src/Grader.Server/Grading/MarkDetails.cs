using System.Text.Json;

namespace Grader.Server.Grading;

/// <summary>Reads the stored details of a mark (see <see cref="Workers.MarkMapping"/>): what the student gave.</summary>
public static class MarkDetails
{
    /// <summary>The student's answer as text; null where the mark has none (missing, model items).</summary>
    public static string? Given(string? detailsJson)
    {
        if (string.IsNullOrEmpty(detailsJson)) return null;
        using var document = JsonDocument.Parse(detailsJson);
        return document.RootElement.ValueKind == JsonValueKind.Object
               && document.RootElement.TryGetProperty("given", out var given) && given.ValueKind == JsonValueKind.String
            ? given.GetString()
            : null;
    }
}
