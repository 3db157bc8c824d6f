using Grader.Data.Queue;

namespace Grader.Worker;

/// <summary>How a worker runs: which queues, how many jobs at once, and its name in the job table.</summary>
public sealed record WorkerSettings
{
    public IReadOnlyList<string> Queues { get; init; } = [QueueNames.Cpu];

    public int Concurrency { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// The most jobs of a kind that can be done together (submission grading) one slot handles in
    /// one transaction when they are waiting; 1 turns batching off.
    /// </summary>
    public int BatchSize { get; init; } = 16;

    public string Name { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>On shutdown, how long running jobs may take to finish before their leases are released.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(10);
}
