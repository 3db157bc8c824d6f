namespace Grader.Inference.Cpu;

/// <summary>
/// Runs a batch of a small model (weights that fit in cache) as independent chunks, one worker
/// per chunk, each worker with its own single-threaded plan. Splitting every layer of a small
/// model across the cores instead costs a hand-over per layer that is as long as the layer's
/// share of the work (the Fashion CNN's pooling and first conv ran no faster on two cores than on
/// one), and the two cores' halves of each layer compete for the same cache; a chunk stays in
/// its core's cache from the first layer to the last.
/// </summary>
internal sealed unsafe class ChunkParallelRunner
{
    private readonly BoundPlan[] plans;
    private readonly int chunk, imageSize, outputSize, workers;
    private readonly Action<int, int> task;
    // The call in progress: the runner is used by one Run at a time, like the model's plans.
    private float* input, output;
    private int batch;
    private CancellationToken cancellation;

    public ChunkParallelRunner(Func<BoundPlan> bindSingleThreaded, int chunk, int workers, int imageSize, int outputSize)
    {
        this.chunk = chunk; this.workers = workers; this.imageSize = imageSize; this.outputSize = outputSize;
        plans = [.. Enumerable.Range(0, workers).Select(_ => bindSingleThreaded())];
        task = RunChunk;
    }

    public int Chunk => chunk;

    public void Run(ReadOnlySpan<float> images, int n, Span<float> results, CancellationToken ct)
    {
        fixed (float* pin = images, pout = results)
        {
            input = pin;
            output = pout;
            batch = n;
            cancellation = ct;
            try
            {
                CpuParallel.For((n + chunk - 1) / chunk, workers, task);
            }
            finally
            {
                input = output = null;
            }
        }
    }

    private void RunChunk(int c, int worker)
    {
        cancellation.ThrowIfCancellationRequested();
        int start = c * chunk, n = Math.Min(chunk, batch - start);
        plans[worker].Run(new ReadOnlySpan<float>(input + (long)start * imageSize, n * imageSize), n,
            new Span<float>(output + (long)start * outputSize, n * outputSize), cancellation);
    }
}
