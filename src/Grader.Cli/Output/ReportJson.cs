using System.Text.Json;
using System.Text.Json.Serialization;
using Grader.Core.Checking;

namespace Grader.Cli.Output;

/// <summary>The marks as JSON: the same shape the service's API returns.</summary>
public static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static void Write(TextWriter writer, GradeReport report)
    {
        var document = new
        {
            rubric = report.RubricId,
            rubricHash = report.RubricHash,
            student = report.Student,
            total = Math.Round(report.Total, 4),
            maxTotal = report.MaxTotal,
            pending = report.PendingCount,
            items = report.Items,
            warnings = report.Warnings,
        };
        writer.WriteLine(JsonSerializer.Serialize(document, Options));
    }
}
