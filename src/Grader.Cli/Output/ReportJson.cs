using System.Text.Json;
using System.Text.Json.Serialization;
using Grader.Core.Checking;
using Grader.Evaluation;

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

    public static void Write(TextWriter writer, GradeReport report,
        IReadOnlyDictionary<string, ModelEvaluationResult>? evaluations = null)
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
            models = evaluations is { Count: > 0 } ? evaluations.ToDictionary(e => e.Key, e => Describe(e.Value)) : null,
        };
        writer.WriteLine(JsonSerializer.Serialize(document, Options));
    }

    private static object Describe(ModelEvaluationResult result) => new
    {
        dataset = result.Dataset,
        correct = result.Correct,
        total = result.Total,
        accuracy = result.Accuracy,
        perClassAccuracy = result.PerClassAccuracy,
        confusionMatrix = result.ConfusionMatrix,
        modelSha256 = result.ModelSha256,
        datasetSha256 = result.DatasetSha256,
        engine = result.Engine,
        inputShape = result.InputShape,
        imagesPerSecond = Math.Round(result.ImagesPerSecond, 1),
    };
}
