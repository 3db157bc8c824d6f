using Grader.Inference.Cpu;

namespace Grader.Inference.Tests;

public class CpuParallelTests
{
    [Fact]
    public void Every_task_runs_once_on_a_worker_index_below_the_worker_count()
    {
        for (int round = 0; round < 50; round++)
        {
            var runs = new int[97];
            int badWorker = 0;
            CpuParallel.For(runs.Length, 2, (t, w) =>
            {
                Interlocked.Increment(ref runs[t]);
                if (w is < 0 or >= 2) Interlocked.Increment(ref badWorker);
            });
            Assert.All(runs, r => Assert.Equal(1, r));
            Assert.Equal(0, badWorker);
        }
    }

    [Fact]
    public void A_failing_task_surfaces_its_exception_and_the_next_call_still_runs()
    {
        var e = Record.Exception(() => CpuParallel.For(64, 2, (t, _) =>
        {
            if (t == 40) throw new InvalidOperationException("task 40");
        }));
        Assert.Contains("task 40", e?.ToString());
        int done = 0;
        CpuParallel.For(64, 2, (_, _) => Interlocked.Increment(ref done));
        Assert.Equal(64, done);
    }

    [Fact]
    public void Calls_from_several_threads_at_once_all_complete()
    {
        int total = 0;
        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 20; i++) CpuParallel.For(16, 2, (_, _) => Interlocked.Increment(ref total));
        });
        Assert.Equal(8 * 20 * 16, total);
    }
}
