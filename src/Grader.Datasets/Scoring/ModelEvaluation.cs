using Grader.Datasets.Batching;
using Grader.Datasets.Preprocessing;
using Grader.Datasets.Storage;

namespace Grader.Datasets.Scoring;

/// <summary>
/// Runs a classifier over a whole test set: streams the preprocessed batches, hands each to
/// <c>runModel</c> (which returns <c>batch.Count x classCount</c> logits, row-major) and
/// accumulates the confusion matrix. The inference engine is the caller's; this is only the loop.
/// </summary>
public static class ModelEvaluation
{
    /// <summary>Returns the confusion matrix of the model's argmax predictions over the dataset.</summary>
    /// <param name="runModel">Inference on one batch. The batch (and its buffers) is valid only until
    /// the returned task completes; the returned logits are read before the next batch is requested.</param>
    public static async Task<ConfusionMatrix> EvaluateAsync(
        DatasetReader dataset,
        PreprocessingPlan plan,
        Func<Batch, CancellationToken, ValueTask<ReadOnlyMemory<float>>> runModel,
        BatchOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(runModel);
        var matrix = new ConfusionMatrix(dataset.Classes.Count);
        await foreach (var batch in dataset.Batches(plan, options).ReadBatchesAsync(cancellationToken).ConfigureAwait(false))
        {
            var logits = await runModel(batch, cancellationToken).ConfigureAwait(false);
            if (logits.Length != batch.Count * matrix.ClassCount)
                throw new DatasetException(
                    $"the model returned {logits.Length} values for a batch of {batch.Count} images; expected {batch.Count} x {matrix.ClassCount} class scores");
            matrix.AddLogits(logits.Span, batch.LabelMemory.Span);
        }
        return matrix;
    }
}
