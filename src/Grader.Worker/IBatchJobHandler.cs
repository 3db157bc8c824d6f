using Grader.Data.Queue;

namespace Grader.Worker;

/// <summary>
/// A handler that can also do several jobs of its kind in one transaction: a worker with a
/// backlog then pays the database round trips once per batch rather than once per job.
/// </summary>
public interface IBatchJobHandler : IJobHandler
{
    /// <summary>
    /// Does all of <paramref name="jobs"/> and completes them together. False when they cannot be
    /// done together (a lease was lost, or a submission appears twice): nothing was stored, and
    /// the worker runs each job on its own. Throws as <see cref="IJobHandler.HandleAsync"/> does.
    /// </summary>
    Task<bool> HandleBatchAsync(IReadOnlyList<ClaimedJob> jobs, CancellationToken cancellationToken);
}
