using Grader.Inference.Cpu;

namespace Grader.Inference.Tests;

public class ContiguousTasksTests
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]     // fewer tasks than workers
    [InlineData(7, 8)]
    [InlineData(37, 3)]    // ranges of unequal length
    [InlineData(1000, 2)]  // long enough for the first worker done to take from the other's back
    public void Every_task_runs_exactly_once_whichever_worker_finishes_first(int tasks, int workers)
    {
        var schedule = new ContiguousTasks(workers);
        for (int round = 0; round < 20; round++)
        {
            var runs = new int[tasks];
            int badWorker = 0;
            schedule.Run(tasks, (t, w) =>
            {
                // Uneven task lengths, so the workers finish their ranges at different times.
                Thread.SpinWait((t * 7919 + round) % 500);
                Interlocked.Increment(ref runs[t]);
                if (w < 0 || w >= workers) Interlocked.Increment(ref badWorker);
            });
            Assert.All(runs, r => Assert.Equal(1, r));
            Assert.Equal(0, badWorker);
        }
    }

    [Fact]
    public void One_worker_walks_the_tasks_in_order()
    {
        var order = new List<int>();
        new ContiguousTasks(1).Run(9, (t, _) => order.Add(t));
        Assert.Equal(Enumerable.Range(0, 9), order);
    }

    [Fact]
    public void A_failing_task_surfaces_its_exception_and_the_next_run_still_completes()
    {
        var schedule = new ContiguousTasks(2);
        var e = Record.Exception(() => schedule.Run(64, (t, _) =>
        {
            if (t == 40) throw new InvalidOperationException("task 40");
        }));
        Assert.Contains("task 40", e?.ToString());
        int done = 0;
        schedule.Run(64, (_, _) => Interlocked.Increment(ref done));
        Assert.Equal(64, done);
    }
}
