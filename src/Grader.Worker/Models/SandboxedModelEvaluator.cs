using Grader.Evaluation;
using Grader.Worker.Sandbox;

namespace Grader.Worker.Models;

/// <summary>
/// The gpu queue's evaluator: every model runs in a fresh sandbox child (<see cref="ModelSandbox"/>),
/// never in the worker that holds the database connection. The child opens the worker's backend
/// (the same GPU, or the CPU). A network that crashes the child or exceeds its memory, time or
/// CPU limit is a <see cref="ModelRejectedException"/> with the reason (the student's 0); a
/// sandbox that cannot start, a child killed from outside and the grader's own failures are
/// infrastructure errors: the job is retried, then dead and visible. Every mark and grading run
/// records the sandbox and its limits.
/// </summary>
public sealed class SandboxedModelEvaluator(ModelEvaluatorSettings settings, ModelSandbox sandbox) : IModelEvaluator
{
    public string EngineVersion { get; } = $"{EngineInfo.Describe(settings.Backend)} in a {sandbox.Settings.Describe()}";

    public async Task<ModelEvaluation> EvaluateAsync(ModelEvaluationJob job, CancellationToken cancellationToken)
    {
        try
        {
            var result = await sandbox.EvaluateAsync(JobEvaluation.Request(job, settings), null, cancellationToken);
            return JobEvaluation.Evaluation(result, job.Requirement, sandbox.Settings.Describe());
        }
        catch (ModelEvaluationException e) when (e.IsStudentError)
        {
            throw new ModelRejectedException(e.Message);
        }
    }
}
