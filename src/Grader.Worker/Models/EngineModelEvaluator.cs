using Grader.Evaluation;
using Grader.Inference;
using Grader.Inference.Cpu;

namespace Grader.Worker.Models;

/// <summary>Where and how a worker evaluates models: the imported data sets and the engine's backend.</summary>
public sealed record ModelEvaluatorSettings(string DataDirectory)
{
    public IInferenceBackend Backend { get; init; } = new CpuBackend();
    public int BatchSize { get; init; } = 64;
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(20);
}

/// <summary>
/// The gpu queue's evaluator on our ONNX engine: a model the student must fix becomes a
/// <see cref="ModelRejectedException"/> (a 0 with the reason); a missing data set is an
/// infrastructure failure, so the job is retried and, if it stays missing, ends dead and visible.
/// </summary>
public sealed class EngineModelEvaluator(ModelEvaluatorSettings settings) : IModelEvaluator
{
    public string EngineVersion { get; } = EngineInfo.Describe(settings.Backend);

    public async Task<ModelEvaluation> EvaluateAsync(ModelEvaluationJob job, CancellationToken cancellationToken)
    {
        var request = new ModelEvaluationRequest(job.Model, job.Requirement.Dataset, settings.DataDirectory, job.Requirement.Preprocessing)
        {
            Answer = job.Answer,
            Architecture = job.Requirement.Architecture,
            Backend = settings.Backend,
            BatchSize = settings.BatchSize,
            TimeLimit = settings.TimeLimit,
        };
        try
        {
            var result = await ModelEvaluator.EvaluateAsync(request, null, cancellationToken);
            return new ModelEvaluation(result.Accuracy,
                $"Accuracy {result.Accuracy:P2} ({result.Correct:N0} of {result.Total:N0}) on the {result.Dataset} test set "
                + $"(model sha256 {result.ModelSha256[..12]}, data set {result.DatasetSha256[..12]})",
                ModelItemScorer.Details(result, job.Requirement));
        }
        catch (ModelEvaluationException e) when (e.IsStudentError)
        {
            throw new ModelRejectedException(e.Message);
        }
    }
}
