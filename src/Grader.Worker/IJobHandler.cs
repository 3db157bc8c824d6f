using Grader.Data.Queue;

namespace Grader.Worker;

/// <summary>
/// Does one kind of job. It stores its result and completes the job (fenced by the lease) in one
/// transaction. Returns false when the lease was lost and nothing was stored. Throws for
/// infrastructure failures only: the worker then retries the job with backoff. Problems with the
/// student's files are results (marks with feedback), never exceptions.
/// </summary>
public interface IJobHandler
{
    string Kind { get; }

    Task<bool> HandleAsync(ClaimedJob job, CancellationToken cancellationToken);
}
