namespace Grader.Inference.Cpu;

/// <summary>
/// Splits rows [0, rows) into contiguous ranges run on all workers (about four per worker, so a
/// slow core does not hold the others up); a job below <paramref name="inlineWork"/> values runs
/// inline, since handing it to other cores would cost more than it.
/// </summary>
internal sealed class RowRanges
{
    private readonly int rows, tasks, workers;
    private readonly Action<int, int, int> body;
    private readonly Action<int, int> task;

    /// <param name="body">(first row, end row, worker index) for one range.</param>
    public RowRanges(int rows, long work, int workers, Action<int, int, int> body, long inlineWork = 1 << 15)
    {
        this.rows = rows; this.workers = workers; this.body = body;
        tasks = work < inlineWork ? 1 : Math.Max(1, Math.Min(rows, workers * 4));
        task = (t, worker) => body(Begin(t), Begin(t + 1), worker);
    }

    private int Begin(int t) => (int)((long)rows * t / tasks);

    public void Run()
    {
        if (tasks <= 1) body(0, rows, 0);
        else CpuParallel.For(tasks, workers, task);
    }
}
