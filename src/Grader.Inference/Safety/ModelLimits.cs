namespace Grader.Inference.Safety;

/// <summary>
/// Budgets checked before any compute is spent on an untrusted model. Defaults fit coursework CNNs
/// (up to ResNet-50 on 224×224 images) with headroom, and stop accidental or hostile giants.
/// </summary>
public sealed record ModelLimits
{
    public long MaxFileBytes { get; init; } = 256L << 20;
    public long MaxParameters { get; init; } = 64_000_000;
    public int MaxNodes { get; init; } = 10_000;
    /// <summary>Largest declared input dimension (a 1e9-pixel image is an attack, not homework).</summary>
    public int MaxInputDim { get; init; } = 4096;
    public long MaxFlopsPerImage { get; init; } = 20_000_000_000;
    public long MaxActivationBytesPerImage { get; init; } = 1L << 30;
    /// <summary>Entries in a torch.save zip (a state_dict has one per storage plus a few).</summary>
    public int MaxArchiveEntries { get; init; } = 10_000;
    /// <summary>Total bytes a checkpoint may inflate to (float64 weights at the parameter limit fit).</summary>
    public long MaxDecompressedBytes { get; init; } = 600L << 20;

    public static ModelLimits Default { get; } = new();
}

/// <summary>What one image costs to run, computed from the concrete plan at batch 1.</summary>
public sealed record ModelCost(long ParameterCount, long FlopsPerImage, long ActivationBytesPerImage, IReadOnlyList<int> OutputShape);

/// <summary>Result of comparing a data set's image shape with what the model accepts.</summary>
public sealed record ShapeCheckResult(bool IsCompatible, string Message)
{
    public static ShapeCheckResult Ok(string message) => new(true, message);
    public static ShapeCheckResult Fail(string message) => new(false, message);
}
