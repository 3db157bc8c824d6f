using System.Text.Json;
using System.Text.Json.Serialization;
using Grader.Core.Checking;
using Grader.Data.Entities;

namespace Grader.Data.Marks;

/// <summary>Turns the grading core's item results into stored marks.</summary>
public static class MarkMapping
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Mark ToMark(ItemResult result, long rubricVersionId) => new()
    {
        ItemId = result.ItemId,
        RubricVersionId = rubricVersionId,
        Points = result.Points,
        MaxPoints = result.MaxPoints,
        Bonus = result.Bonus,
        Source = result.Status == MarkStatus.Error ? MarkSources.Error : MarkSources.Auto,
        Result = StatusName(result.Status),
        Feedback = result.Feedback,
        Details = result.Details is null ? null : JsonSerializer.Serialize(result.Details, Json),
    };

    /// <summary>The details of a stored mark; null for none or for text this version cannot read.</summary>
    public static ItemDetails? ReadDetails(string? json)
    {
        if (json is null) return null;
        try
        {
            return JsonSerializer.Deserialize<ItemDetails>(json, Json);
        }
        catch (JsonException)
        {
            return null; // a mark from an older or newer format still shows its points and feedback
        }
    }

    /// <summary>The status as stored and shown by the API: snake_case, like the CLI's JSON.</summary>
    public static string StatusName(MarkStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());
}
