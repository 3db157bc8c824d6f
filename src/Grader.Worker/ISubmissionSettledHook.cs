using Grader.Data;

namespace Grader.Worker;

/// <summary>
/// The extension point where a submission reaches its end (graded, or failed after every retry):
/// called inside the transaction that settles it, so whatever a hook enqueues commits with that
/// state or not at all. Forges use it to report marks back on the commit; the grading handlers
/// know nothing about forges.
/// </summary>
public interface ISubmissionSettledHook
{
    /// <summary>
    /// Adds work for the submissions that settle together (a worker grades several in one
    /// transaction) to <paramref name="db"/>'s unit of work; the caller saves and commits.
    /// </summary>
    Task OnSettledAsync(GraderDbContext db, IReadOnlyCollection<Guid> submissionIds, CancellationToken cancellationToken);
}
