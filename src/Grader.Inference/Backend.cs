namespace Grader.Inference;

/// <summary>
/// An execution engine for loaded models. The CPU backend is <see cref="Cpu.CpuBackend"/>; a GPU
/// backend implements the same contract so the fixture tests can run against both.
/// </summary>
public interface IInferenceBackend
{
    string Name { get; }

    /// <summary>Prepares <paramref name="model"/> for repeated batched runs. Throws
    /// <see cref="ModelLoadException"/> if the image shape is incompatible or the model exceeds
    /// its cost limits.</summary>
    ICompiledModel Compile(InferenceModel model, CompileOptions? options = null);
}

/// <summary>A model ready to run. Not thread-safe: buffers are reused between calls; compile once
/// per thread if several threads must run concurrently.</summary>
public interface ICompiledModel : IDisposable
{
    /// <summary>Shape of one image (without the batch dim), e.g. [1, 32, 32].</summary>
    IReadOnlyList<int> ImageShape { get; }

    /// <summary>Shape of one image's output (without the batch dim), e.g. [10].</summary>
    IReadOnlyList<int> OutputShape { get; }

    int ImageSize { get; }
    int OutputSize { get; }

    /// <summary>Runs <paramref name="batch"/> images laid out contiguously (NCHW) in
    /// <paramref name="input"/>, writing batch × <see cref="OutputSize"/> values to
    /// <paramref name="output"/>. Cancellation is checked between layers and between chunks.</summary>
    void Run(ReadOnlySpan<float> input, int batch, Span<float> output, CancellationToken cancellationToken = default);
}

/// <summary>Time spent in one kernel of a profiled run; Detail reads "IN [IN2 ...] -> OUT KIND".</summary>
public sealed record LayerTiming(string Node, string OpType, string Detail, double Milliseconds);

/// <summary>A compiled model that can time each of its kernels: for benchmarks, and for finding
/// the layer that dominates a student's model.</summary>
public interface IProfiledModel
{
    /// <summary>Runs one batch (at most the compiled batch) and times every kernel.</summary>
    IReadOnlyList<LayerTiming> Profile(ReadOnlySpan<float> input, int batch);
}

public sealed record CompileOptions
{
    /// <summary>Image shape (without batch) to use when the model declares symbolic dims other than
    /// the batch; when the model's dims are all fixed this may be omitted or must agree.</summary>
    public int[]? ImageShape { get; init; }

    /// <summary>Largest batch run at once; larger Run calls are split (bounds arena memory).</summary>
    public int MaxBatch { get; init; } = 256;

    /// <summary>Upper bound on the activation arena of one chunk: large images run in smaller
    /// chunks so that MaxBatch × per-image memory cannot exhaust the machine.</summary>
    public long MaxArenaBytes { get; init; } = 2L << 30;

    /// <summary>Worker threads; defaults to all cores.</summary>
    public int? Threads { get; init; }
}

public static class CompiledModelExtensions
{
    /// <summary>Convenience: runs a batch and returns a fresh output array.</summary>
    public static float[] Run(this ICompiledModel model, ReadOnlySpan<float> input, int batch, CancellationToken cancellationToken = default)
    {
        var output = new float[batch * model.OutputSize];
        model.Run(input, batch, output, cancellationToken);
        return output;
    }

    /// <summary>Index of the largest output per image: the predicted class for classifiers.</summary>
    public static int[] ArgMax(this ICompiledModel model, ReadOnlySpan<float> outputs)
    {
        int k = model.OutputSize, n = outputs.Length / k;
        var r = new int[n];
        for (int i = 0; i < n; i++)
        {
            var row = outputs.Slice(i * k, k);
            int best = 0;
            for (int j = 1; j < k; j++) if (row[j] > row[best]) best = j;
            r[i] = best;
        }
        return r;
    }
}
