namespace Grader.Data.Entities;

/// <summary>A worker process as it last announced itself (see <see cref="Grader.Data.Queue.WorkerRegistry"/>).</summary>
public sealed class WorkerPresence
{
    public required string Name { get; set; }
    /// <summary>The queues it takes (a worker without a model evaluator leaves out gpu).</summary>
    public required string[] Queues { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    /// <summary>When it shut down cleanly; null while running, or when it died without saying so.</summary>
    public DateTimeOffset? StoppedAt { get; set; }
}
