using Grader.Core.Rubrics;
using Grader.Evaluation;

namespace Grader.Worker.Models;

/// <summary>What both evaluators share: a job as the engine's request, and the engine's result as the job's evaluation.</summary>
internal static class JobEvaluation
{
    public static ModelEvaluationRequest Request(ModelEvaluationJob job, ModelEvaluatorSettings settings) =>
        new(job.Model, job.Requirement.Dataset, settings.DataDirectory, job.Requirement.Preprocessing)
        {
            Answer = job.Answer,
            Architecture = job.Requirement.Architecture,
            Backend = settings.Backend,
            BatchSize = settings.BatchSize,
            TimeLimit = settings.TimeLimit,
        };

    /// <param name="sandbox">Where it ran (the sandbox and its limits), recorded with the mark; null in-process.</param>
    public static ModelEvaluation Evaluation(ModelEvaluationResult result, ModelRequirement requirement, string? sandbox = null) => new(
        result.Accuracy,
        $"Accuracy {result.Accuracy:P2} ({result.Correct:N0} of {result.Total:N0}) on the {result.Dataset} test set "
        + $"(model sha256 {result.ModelSha256[..12]}, data set {result.DatasetSha256[..12]})",
        ModelItemScorer.Details(result, requirement) with { Sandbox = sandbox });
}
