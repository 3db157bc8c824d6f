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
/// Our ONNX engine in this process: the reference the sandboxed evaluator
/// (<see cref="SandboxedModelEvaluator"/>, what workers use) is compared with. A model the
/// student must fix becomes a <see cref="ModelRejectedException"/> (a 0 with the reason); a
/// missing data set is an infrastructure failure, so the job is retried and, if it stays
/// missing, ends dead and visible.
/// </summary>
public sealed class EngineModelEvaluator(ModelEvaluatorSettings settings) : IModelEvaluator
{
    public string EngineVersion { get; } = EngineInfo.Describe(settings.Backend);

    public async Task<ModelEvaluation> EvaluateAsync(ModelEvaluationJob job, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ModelEvaluator.EvaluateAsync(JobEvaluation.Request(job, settings), null, cancellationToken);
            return JobEvaluation.Evaluation(result, job.Requirement);
        }
        catch (ModelEvaluationException e) when (e.IsStudentError)
        {
            throw new ModelRejectedException(e.Message);
        }
    }
}
