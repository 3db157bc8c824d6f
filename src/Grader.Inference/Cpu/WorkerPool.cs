using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Grader.Inference.Cpu;

/// <summary>
/// Dedicated helper threads for <see cref="CpuParallel"/>. A network runs its kernels back to
/// back, each split across the cores; waking thread-pool workers for every kernel cost tens of
/// microseconds each time, as much as a whole small layer. These helpers spin for a moment after
/// each kernel so the next one starts at once, and sleep on a semaphore when no work follows.
/// One kernel at a time: a second caller (another model running concurrently, or a kernel
/// started from inside a task) is refused and takes the thread-pool path.
/// </summary>
internal static class WorkerPool
{
    /// <summary>How long an idle helper spins before it sleeps: longer than the gap between two kernels.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    private sealed class Helper
    {
        public readonly SemaphoreSlim Wake = new(0);
        public int Signal, Sleeping;
    }

    private static readonly Lazy<Helper[]> Helpers = new(Start);
    private static int busy;
    // The job in progress; written only by the caller that holds `busy`.
    private static Action<int, int>? body;
    private static int tasks, next, pending;
    private static ExceptionDispatchInfo? failure;

    /// <summary>Runs tasks [0, taskCount) on the caller (worker 0) and up to workers - 1 helpers;
    /// false (nothing run) when the pool is in use.</summary>
    public static bool TryRun(int taskCount, int workers, Action<int, int> work)
    {
        if (Interlocked.CompareExchange(ref busy, 1, 0) != 0) return false;
        try
        {
            var helpers = Helpers.Value;
            int used = Math.Min(workers - 1, helpers.Length);
            body = work;
            tasks = taskCount;
            next = -1;
            failure = null;
            Volatile.Write(ref pending, used);
            for (int i = 0; i < used; i++)
            {
                var h = helpers[i];
                Interlocked.Exchange(ref h.Signal, 1);
                if (Volatile.Read(ref h.Sleeping) == 1) h.Wake.Release();
            }
            RunTasks(0);
            var spin = new SpinWait();
            while (Volatile.Read(ref pending) > 0) spin.SpinOnce(sleep1Threshold: -1);
            body = null;
            failure?.Throw();
            return true;
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }

    private static void RunTasks(int worker)
    {
        try
        {
            int t;
            while ((t = Interlocked.Increment(ref next)) < tasks) body!(t, worker);
        }
        catch (Exception e)
        {
            // Stop handing out tasks; the caller rethrows the first failure.
            Interlocked.Exchange(ref next, int.MaxValue - 1);
            Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
        }
    }

    private static Helper[] Start()
    {
        var helpers = new Helper[Math.Max(1, Environment.ProcessorCount - 1)];
        for (int i = 0; i < helpers.Length; i++)
        {
            var h = helpers[i] = new Helper();
            int worker = i + 1;
            new Thread(() => Loop(h, worker)) { IsBackground = true, Name = $"inference worker {worker}" }.Start();
        }
        return helpers;
    }

    private static void Loop(Helper h, int worker)
    {
        while (true)
        {
            long idleSince = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref h.Signal) == 0)
            {
                if (Stopwatch.GetTimestamp() - idleSince < SpinTicks)
                {
                    Thread.SpinWait(20);
                    continue;
                }
                // Announce the sleep, then look once more: a caller either sees Sleeping and
                // releases the semaphore, or its Signal is seen here (a spare release only wakes
                // this loop once more).
                Interlocked.Exchange(ref h.Sleeping, 1);
                if (Volatile.Read(ref h.Signal) == 0) h.Wake.Wait();
                Interlocked.Exchange(ref h.Sleeping, 0);
                idleSince = Stopwatch.GetTimestamp();
            }
            Volatile.Write(ref h.Signal, 0);
            RunTasks(worker);
            Interlocked.Decrement(ref pending);
        }
    }
}
