namespace Grader.Inference.Safety;

/// <summary>Refuses models whose per-image cost exceeds the limits, before any buffer is allocated
/// or any image is run. The cost comes from a concrete plan at batch 1 (see InferenceModel).</summary>
internal static class CostGuard
{
    public static void Enforce(ModelCost cost, ModelLimits limits)
    {
        if (cost.FlopsPerImage > limits.MaxFlopsPerImage)
            throw new ModelLoadException($"the model needs {cost.FlopsPerImage / 1e9:F2} GFLOP per image; the limit is {limits.MaxFlopsPerImage / 1e9:F2}");
        if (cost.ActivationBytesPerImage > limits.MaxActivationBytesPerImage)
            throw new ModelLoadException($"the model needs {cost.ActivationBytesPerImage >> 20} MiB of activations per image; the limit is {limits.MaxActivationBytesPerImage >> 20} MiB");
    }
}
