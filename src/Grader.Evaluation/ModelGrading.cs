using Grader.Core.Answers;
using Grader.Core.Checking;
using Grader.Core.Rubrics;
using Grader.Inference;

namespace Grader.Evaluation;

/// <summary>Where the uploaded model files of a submission are, by the name the answers file gives.</summary>
public interface IModelFiles
{
    /// <summary>The bytes of the uploaded file for an item, or null when none was uploaded.</summary>
    /// <exception cref="ModelEvaluationException">the file is refused unread (over the size limit).</exception>
    Task<ReadOnlyMemory<byte>?> ReadAsync(string itemId, string fileName, CancellationToken cancellationToken);
}

public sealed record ModelGradingOptions(string DataDirectory)
{
    public IInferenceBackend? Backend { get; init; }
    public int BatchSize { get; init; } = 64;
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(20);
    public IProgress<(string ItemId, EvaluationProgress Progress)>? Progress { get; init; }

    /// <summary>
    /// Offline grading (the CLI) leaves an item pending when its file is not at hand; the service,
    /// which has every upload, marks it missing.
    /// </summary>
    public bool LeaveUnavailablePending { get; init; }
}

/// <summary>The mark of a model item and, when the model ran, what was measured.</summary>
public sealed record ModelItemOutcome(ItemResult Result, ModelEvaluationResult? Evaluation = null);

/// <summary>A report with its model items evaluated, and the measurements behind those marks.</summary>
public sealed record ModelGradingResult(GradeReport Report, IReadOnlyDictionary<string, ModelEvaluationResult> Evaluations);

/// <summary>
/// Completes a report from <see cref="SubmissionGrader"/>: every model item waiting for
/// evaluation is evaluated and gets its mark. One failing model costs its own item only.
/// </summary>
public static class ModelGrading
{
    public static async Task<ModelGradingResult> CompleteAsync(Rubric rubric, AnswerFile answers, GradeReport report,
        IModelFiles files, ModelGradingOptions options, CancellationToken cancellationToken = default)
    {
        var items = new List<ItemResult>(report.Items.Count);
        var evaluations = new Dictionary<string, ModelEvaluationResult>(StringComparer.Ordinal);
        foreach (var result in report.Items)
        {
            if (result.Status != MarkStatus.PendingModel || rubric.FindItem(result.ItemId) is not { Check: ModelCheck model } item)
            {
                items.Add(result);
                continue;
            }
            var outcome = await EvaluateItemAsync(item, model.Requirement, answers, files, options, cancellationToken);
            items.Add(outcome.Result);
            if (outcome.Evaluation is { } evaluation) evaluations[item.Id] = evaluation;
        }
        return new ModelGradingResult(report with { Items = items }, evaluations);
    }

    public static async Task<ModelItemOutcome> EvaluateItemAsync(RubricItem item, ModelRequirement requirement, AnswerFile answers,
        IModelFiles files, ModelGradingOptions options, CancellationToken cancellationToken)
    {
        var answer = answers.Find(item.Id) is { } node ? ModelAnswerReader.Read(node).Value : null;
        if (answer is null)
            return new(new ItemResult(item.Id, 0, item.Points, item.Bonus, MarkStatus.Missing, "No model file was submitted for this item."));
        ReadOnlyMemory<byte>? bytes;
        try
        {
            bytes = await files.ReadAsync(item.Id, answer.File, cancellationToken);
        }
        catch (IOException e)
        {
            return new(new ItemResult(item.Id, 0, item.Points, item.Bonus, MarkStatus.Error, $"The model file could not be read: {e.Message}."));
        }
        catch (ModelEvaluationException refused)
        {
            return new(ModelItemScorer.Failed(item, refused));
        }
        if (bytes is null && options.LeaveUnavailablePending)
            return new(new ItemResult(item.Id, 0, item.Points, item.Bonus, MarkStatus.PendingModel,
                $"Awaiting evaluation on the {requirement.Dataset} test set ('{answer.File}' is not at hand).", new ItemDetails(null, answer.File)));
        if (bytes is null)
            return new(new ItemResult(item.Id, 0, item.Points, item.Bonus, MarkStatus.Missing,
                $"The answers file names '{answer.File}', but no such model file was uploaded."));
        if (!requirement.Formats.Contains(Path.GetExtension(answer.File).TrimStart('.').ToLowerInvariant()))
            return new(new ItemResult(item.Id, 0, item.Points, item.Bonus, MarkStatus.Invalid,
                $"'{answer.File}' is not a format this item accepts ({string.Join(", ", requirement.Formats)})."));
        try
        {
            var request = new ModelEvaluationRequest(bytes.Value, requirement.Dataset, options.DataDirectory, requirement.Preprocessing)
            {
                Answer = answer,
                FileName = answer.File,
                Architecture = requirement.Architecture,
                Backend = options.Backend,
                BatchSize = options.BatchSize,
                TimeLimit = options.TimeLimit,
            };
            var progress = options.Progress is { } sink ? new Progress<EvaluationProgress>(p => sink.Report((item.Id, p))) : null;
            var result = await ModelEvaluator.EvaluateAsync(request, progress, cancellationToken);
            return new(ModelItemScorer.Score(item, requirement, result), result);
        }
        catch (ModelEvaluationException failure)
        {
            return new(ModelItemScorer.Failed(item, failure));
        }
    }
}
