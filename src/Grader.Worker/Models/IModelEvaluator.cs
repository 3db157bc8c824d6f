using Grader.Core.Checking;
using Grader.Core.Rubrics;

namespace Grader.Worker.Models;

/// <summary>
/// Evaluates a submitted model (ONNX) on a model item's test set. The ONNX engine implements this;
/// a worker takes jobs from the gpu queue only when an implementation is registered, so without
/// one, model jobs stay queued until a capable worker starts.
/// </summary>
public interface IModelEvaluator
{
    /// <summary>A version string recorded with every grading run.</summary>
    string EngineVersion { get; }

    /// <summary>
    /// The metric the model reaches. Throws <see cref="ModelRejectedException"/> for a model the
    /// student must fix (corrupt file, wrong input or output shape): graded as 0 with that
    /// message. Any other exception is an infrastructure failure and the job is retried.
    /// </summary>
    Task<ModelEvaluation> EvaluateAsync(ModelEvaluationJob request, CancellationToken cancellationToken);
}

/// <summary>One uploaded model to evaluate for one model item, with the options its answer gives (own mean/std, input size).</summary>
public sealed record ModelEvaluationJob(Guid SubmissionId, string ItemId, ModelRequirement Requirement, byte[] Model, ModelAnswer? Answer = null);

/// <summary>
/// The measured metric (e.g. accuracy in [0, 1]), an optional note for the student, and optionally
/// the whole measurement (per class, confusion matrix, hashes) to store with the mark.
/// </summary>
public sealed record ModelEvaluation(double Metric, string? Note = null, ModelDetails? Details = null);

/// <summary>The submitted model is unusable; the message tells the student why.</summary>
public sealed class ModelRejectedException(string message) : Exception(message);
