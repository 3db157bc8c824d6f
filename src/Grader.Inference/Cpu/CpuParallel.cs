namespace Grader.Inference.Cpu;

/// <summary>
/// Runs independent tasks on all cores: <see cref="WorkerPool"/>'s helpers, else the thread pool's.
/// Each worker gets a stable index in [0, workers) so it can use its own slice of
/// <see cref="Scratch"/>; tasks are handed out dynamically (an atomic counter) because tiles at
/// image borders or tail columns are cheaper than the rest.
/// </summary>
internal static class CpuParallel
{
    /// <summary>Degree of parallelism; tests may lower it to exercise the single-thread path.</summary>
    public static int MaxWorkers { get; set; } = Environment.ProcessorCount;

    public static void For(int tasks, int workers, Action<int, int> body)
    {
        workers = Math.Min(workers, tasks);
        if (workers <= 1)
        {
            for (int i = 0; i < tasks; i++) body(i, 0);
            return;
        }
        if (WorkerPool.TryRun(tasks, workers, body)) return;
        // The helpers are busy with another caller's kernel: the thread pool's workers instead.
        int next = -1;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            int t;
            while ((t = Interlocked.Increment(ref next)) < tasks) body(t, w);
        });
    }
}
