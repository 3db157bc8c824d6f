using Grader.Inference.Graph;

namespace Grader.Inference;

/// <summary>What every backend's compiled model checks alike: Run's buffers, and that a plan
/// specialised to a batch size gives one output row per image.</summary>
internal static class CompiledModelChecks
{
    /// <summary>Exactly <paramref name="batch"/> images in, room for as many results out.</summary>
    public static void RunArguments(int inputLength, int batch, int outputLength, IReadOnlyList<int> imageShape, int imageSize, int outputSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        if (inputLength != (long)batch * imageSize)
            throw new ArgumentException($"input holds {inputLength} values; {batch} images of {ShapeMath.Format(imageShape.ToArray())} need {(long)batch * imageSize}", "input");
        if (outputLength < (long)batch * outputSize)
            throw new ArgumentException($"output holds {outputLength} values; {batch} results need {(long)batch * outputSize}", "output");
    }

    /// <summary>The model planned, fused (the shared fusions, then the backend's) and memory-planned for <paramref name="batch"/> images.</summary>
    public static PreparedPlan PreparePlan(InferenceModel model, int batch, int[] imageShape, int outputSize, Func<ExecutionPlan, int>? backendFusion = null)
    {
        var prepared = PreparedPlan.Create(model.Graph, [batch, .. imageShape], backendFusion);
        var output = prepared.Plan.Outputs[0];
        if (output.Shape.Length == 0 || output.Shape[0] != batch || output.Length != batch * outputSize)
            throw new ModelLoadException($"model output '{output.Name}' has shape {ShapeMath.Format(output.Shape)}, which does not start with the batch size {batch}");
        return prepared;
    }
}
