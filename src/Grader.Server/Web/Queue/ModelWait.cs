using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Queue;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Web.Queue;

/// <summary>How long a model evaluation may wait before the pages warn (<c>grader serve --model-wait-warning</c>).</summary>
public sealed record ModelWaitSettings
{
    public TimeSpan WarnAfter { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// What a model item whose mark is pending waits for, from its gpu job and the workers running:
/// a worker evaluating it, a free GPU worker, a retry after an error, or a GPU worker that is not
/// running at all. <see cref="Overdue"/> once it has waited longer than <see cref="ModelWaitSettings.WarnAfter"/>.
/// </summary>
public sealed record ModelWait(string State, TimeSpan Waited, int GpuWorkers, string? Worker, bool Overdue)
{
    public const string Running = "running", Queued = "queued", Retry = "retry", NoWorker = "no_worker";

    /// <summary>A few words for the item's status chip.</summary>
    public string Headline => State switch
    {
        Running => "evaluating model",
        Retry => "model: retry pending",
        NoWorker => "waiting for a GPU worker",
        _ => "queued for a GPU worker",
    };

    /// <summary>One sentence saying why the mark is not there yet.</summary>
    public string Explanation => State switch
    {
        Running => $"Evaluating the model since {Format.Duration(Waited)} ago.",
        Retry => $"The evaluation failed for a reason outside the model and will be tried again (first queued {Format.Duration(Waited)} ago).",
        NoWorker => $"Waiting for a GPU worker; none is running (queued {Format.Duration(Waited)} ago). The mark comes once staff start one.",
        _ => $"Queued for a GPU worker ({GpuWorkers} running; queued {Format.Duration(Waited)} ago).",
    };

    /// <summary>Reads the waits of a submission's pending model items, by item id.</summary>
    public static async Task<IReadOnlyDictionary<string, ModelWait>> OfSubmissionAsync(GraderDbContext db, WorkerRegistry workers,
        ModelWaitSettings settings, Guid submission, CancellationToken cancellationToken)
    {
        var jobs = await db.Jobs.AsNoTracking()
            .Where(j => j.SubmissionId == submission && j.Kind == JobKinds.EvaluateModel && (j.State == JobStates.Queued || j.State == JobStates.Running))
            .ToListAsync(cancellationToken);
        if (jobs.Count == 0) return new Dictionary<string, ModelWait>();
        var now = await DatabaseClock.NowAsync(db, cancellationToken);
        int gpuWorkers = await workers.LiveCountAsync(QueueNames.Gpu, cancellationToken);
        return jobs.Where(j => j.ItemId is not null).GroupBy(j => j.ItemId!)
            .ToDictionary(g => g.Key, g => Of(g.OrderByDescending(j => j.CreatedAt).First(), now, gpuWorkers, settings));
    }

    public static ModelWait Of(Job job, DateTimeOffset now, int gpuWorkers, ModelWaitSettings settings)
    {
        var waited = now - job.CreatedAt;
        string state = job.State == JobStates.Running ? Running
            : job.RunAfter > now ? Retry
            : gpuWorkers == 0 ? NoWorker
            : Queued;
        var since = state == Running ? now - job.UpdatedAt : waited;
        return new ModelWait(state, since, gpuWorkers, job.LeaseOwner, waited > settings.WarnAfter);
    }
}

/// <summary>The database's clock, which the queue's times come from.</summary>
internal static class DatabaseClock
{
    public static Task<DateTimeOffset> NowAsync(GraderDbContext db, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<DateTimeOffset>($"SELECT now() AS \"Value\"").SingleAsync(cancellationToken);
}
