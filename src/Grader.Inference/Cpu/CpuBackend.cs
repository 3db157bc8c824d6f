using Grader.Inference.Graph;

namespace Grader.Inference.Cpu;

/// <summary>The managed CPU backend: AVX-512/AVX2 kernels on all cores.</summary>
public sealed class CpuBackend : IInferenceBackend
{
    public string Name => "cpu";

    public ICompiledModel Compile(InferenceModel model, CompileOptions? options = null) =>
        new CpuCompiledModel(model, options ?? new CompileOptions());
}

/// <summary>
/// Per batch size (the batch dim is dynamic) a plan is prepared and bound once and then reused:
/// steady-state runs allocate nothing. A model exported with a fixed batch B is run in chunks of B.
/// </summary>
public sealed class CpuCompiledModel : ICompiledModel, IProfiledModel
{
    private const int MaxCachedPlans = 4;
    /// <summary>
    /// Weights up to this size make a small model (LeNet-sized), which is bound by moving
    /// activations rather than by its weights: its batches run in chunks of at most
    /// <see cref="ChunkBytes"/> of activations, so that each layer's output is still in cache when
    /// the next layer reads it (a batch of 256 ran ~1.5x faster as 4-8 chunks). Large models keep
    /// the whole batch, since every chunk streams all their weights again.
    /// </summary>
    private const long CacheBytes = 2L << 20;
    /// <summary>Activations of one chunk: a chunk runs on one core (ChunkParallelRunner), so it
    /// should stay in that core's L2 next to the weights; 512 KiB ran the Fashion CNN about 1.1x
    /// faster than 2 MiB (8 against 32 images per chunk), 256 KiB and less slower again.</summary>
    private const long ChunkBytes = 512L << 10;
    private const int MinCacheChunk = 8;
    private readonly InferenceModel model;
    private readonly int[] imageShape;
    private readonly int maxBatch, cacheBatch, workers;
    private readonly bool smallModel;
    private readonly Dictionary<int, BoundPlan> plans = [];
    private ChunkParallelRunner? chunkRunner;
    private readonly Queue<int> planOrder = new();

    public IReadOnlyList<int> ImageShape => imageShape;
    public IReadOnlyList<int> OutputShape { get; }
    public int ImageSize { get; }
    public int OutputSize { get; }

    internal CpuCompiledModel(InferenceModel model, CompileOptions options)
    {
        this.model = model;
        imageShape = model.ResolveImageShape(options.ImageShape);
        var cost = model.EstimateScoresCost(imageShape); // enforces the limits before anything is bound
        if (options.MaxBatch < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxBatch must be positive");
        maxBatch = (int)Math.Clamp(options.MaxArenaBytes / Math.Max(1, cost.ActivationBytesPerImage), 1, options.MaxBatch);
        smallModel = cost.ParameterCount * sizeof(float) <= CacheBytes;
        cacheBatch = smallModel
            ? (int)Math.Clamp(ChunkBytes / Math.Max(1, cost.ActivationBytesPerImage), Math.Min(MinCacheChunk, maxBatch), maxBatch)
            : maxBatch;
        workers = Math.Max(1, options.Threads ?? CpuParallel.MaxWorkers);
        ImageSize = ShapeMath.CountInt(imageShape);
        OutputShape = cost.OutputShape;
        OutputSize = ShapeMath.CountInt(cost.OutputShape.ToArray());
    }

    public void Run(ReadOnlySpan<float> input, int batch, Span<float> output, CancellationToken cancellationToken = default)
    {
        CompiledModelChecks.RunArguments(input.Length, batch, output.Length, imageShape, ImageSize, OutputSize);
        if (ChunksInParallel(batch) is { } runner)
        {
            runner.Run(input, batch, output, cancellationToken);
            return;
        }
        // Equal chunks of at most cacheBatch images: one or two plan sizes per batch size.
        int chunks = (Math.Max(batch, 1) + cacheBatch - 1) / cacheBatch;
        int chunk = model.FixedBatch ?? (Math.Max(batch, 1) + chunks - 1) / chunks;
        for (int start = 0; start < batch; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(chunk, batch - start);
            var plan = GetPlan(model.FixedBatch ?? n);
            plan.Run(input.Slice(start * ImageSize, n * ImageSize), n, output.Slice(start * OutputSize, n * OutputSize), cancellationToken);
        }
    }

    /// <summary>
    /// For a small model and a batch of at least two chunks' worth: a whole number of equal
    /// chunks per worker (at most cacheBatch images each), run side by side on single-threaded
    /// plans (ChunkParallelRunner). The runner is rebuilt when the chunk size changes.
    /// </summary>
    private ChunkParallelRunner? ChunksInParallel(int batch)
    {
        if (!smallModel || workers < 2 || model.FixedBatch is not null || batch < workers * MinCacheChunk) return null;
        int perWorker = (batch + workers * cacheBatch - 1) / (workers * cacheBatch);
        int chunk = (batch + workers * perWorker - 1) / (workers * perWorker);
        if (chunkRunner?.Chunk != chunk)
            chunkRunner = new ChunkParallelRunner(
                () => new BoundPlan(CompiledModelChecks.PreparePlan(model, chunk, imageShape, OutputSize, Fusion), 1),
                chunk, workers, ImageSize, OutputSize);
        return chunkRunner;
    }

    /// <summary>Runs one batch (at most MaxBatch, or the fixed batch) and times every kernel:
    /// for benchmarks and for finding the layer that dominates a student's model.</summary>
    public IReadOnlyList<LayerTiming> Profile(ReadOnlySpan<float> input, int batch)
    {
        if (input.Length != (long)batch * ImageSize) throw new ArgumentException("input size does not match batch", nameof(input));
        var plan = GetPlan(model.FixedBatch ?? batch);
        return plan.Profile(input, Math.Min(batch, model.FixedBatch ?? batch));
    }

    /// <summary>The CPU's own plan rewrite, told whether the plan runs a small model's cache-sized chunks.</summary>
    private int Fusion(ExecutionPlan plan) => ConvPoolFusion.Run(plan, cacheSizedChunks: smallModel);

    private BoundPlan GetPlan(int batch)
    {
        if (plans.TryGetValue(batch, out var p)) return p;
        if (plans.Count >= MaxCachedPlans) plans.Remove(planOrder.Dequeue());
        p = new BoundPlan(CompiledModelChecks.PreparePlan(model, batch, imageShape, OutputSize, Fusion), workers);
        plans[batch] = p;
        planOrder.Enqueue(batch);
        return p;
    }

    public void Dispose()
    {
        plans.Clear();
        chunkRunner = null;
    }
}
