namespace Grader.Inference.Cpu;

/// <summary>
/// Runs tasks [0, n) on all workers in contiguous ranges: each worker walks its own range in
/// order, then takes tasks from the back of the others'. For kernels whose consecutive tasks read
/// overlapping input (bands of rows: a 3x3 convolution's band of two output rows reads four input
/// rows, two of them the next band's), so the shared rows are still in the core's cache; handing
/// tasks out one at a time from a shared counter alternates them between the cores instead.
/// Taking from the others keeps a core slowed by a neighbour from holding the step up. One
/// instance per kernel, reused: a run allocates nothing.
/// </summary>
internal sealed class ContiguousTasks
{
    /// <summary>Per worker: the next task of its range in the high 32 bits, the range's end in the low.</summary>
    private readonly long[] ranges;
    private readonly Action<int, int> walk;
    private Action<int, int>? body;

    public ContiguousTasks(int workers)
    {
        ranges = new long[Math.Max(1, workers)];
        walk = Walk;
    }

    public void Run(int tasks, Action<int, int> task)
    {
        int workers = Math.Min(ranges.Length, tasks);
        if (workers <= 1)
        {
            for (int t = 0; t < tasks; t++) task(t, 0);
            return;
        }
        for (int w = 0; w < ranges.Length; w++)
            ranges[w] = w < workers ? Pack((int)((long)tasks * w / workers), (int)((long)tasks * (w + 1) / workers)) : 0;
        body = task;
        try
        {
            CpuParallel.For(workers, workers, walk);
        }
        finally
        {
            body = null;
        }
    }

    private void Walk(int _, int worker)
    {
        var task = body!;
        while (TakeFront(worker, out int t)) task(t, worker);
        while (Busiest() is >= 0 and var victim)
            if (TakeBack(victim, out int t)) task(t, worker);
    }

    private int Busiest()
    {
        int victim = -1;
        long most = 0;
        for (int w = 0; w < ranges.Length; w++)
        {
            long s = Volatile.Read(ref ranges[w]);
            long left = (int)s - (s >> 32);
            if (left > most) (most, victim) = (left, w);
        }
        return victim;
    }

    private bool TakeFront(int w, out int t)
    {
        while (true)
        {
            long s = Volatile.Read(ref ranges[w]);
            int next = (int)(s >> 32), end = (int)s;
            t = next;
            if (next >= end) return false;
            if (Interlocked.CompareExchange(ref ranges[w], Pack(next + 1, end), s) == s) return true;
        }
    }

    private bool TakeBack(int w, out int t)
    {
        while (true)
        {
            long s = Volatile.Read(ref ranges[w]);
            int next = (int)(s >> 32), end = (int)s;
            t = end - 1;
            if (next >= end) return false;
            if (Interlocked.CompareExchange(ref ranges[w], Pack(next, end - 1), s) == s) return true;
        }
    }

    private static long Pack(int next, int end) => ((long)next << 32) | (uint)end;
}
