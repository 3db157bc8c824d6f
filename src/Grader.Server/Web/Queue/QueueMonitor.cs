using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Queue;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Web.Queue;

/// <summary>
/// Reads the queue for the monitor page (what Hangfire's dashboard would have shown), limited to
/// jobs of submissions in the given courses: a TA sees nothing of another course's work.
/// </summary>
public sealed class QueueMonitor(IDbContextFactory<GraderDbContext> contexts, WorkerRegistry registry, ModelWaitSettings waitSettings)
{
    public static readonly TimeSpan BucketWidth = TimeSpan.FromMinutes(5);
    private const int DeadShown = 100;
    /// <summary>How model evaluations name their engine (Grader.Evaluation.EngineInfo).</summary>
    private const string ModelEnginePrefix = "grader-inference ";

    public async Task<QueueSnapshot> ReadAsync(IReadOnlyList<string> courses, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = await DatabaseClock.NowAsync(db, cancellationToken);
        var live = await registry.LiveAsync(cancellationToken);
        var hourAgo = now.AddHours(-1);
        var jobs = db.Jobs.AsNoTracking().Where(j => db.Submissions.Any(s => s.Id == j.SubmissionId
            && db.Assignments.Any(a => a.Id == s.AssignmentId && courses.Contains(a.CourseId))));

        var counts = await jobs.GroupBy(j => new { j.Queue, j.State, Due = j.RunAfter <= now })
            .Select(g => new { g.Key.Queue, g.Key.State, g.Key.Due, Count = g.Count(), Oldest = g.Min(j => j.CreatedAt) })
            .ToListAsync(cancellationToken);
        var queues = counts.Select(c => c.Queue).Distinct().Order(StringComparer.Ordinal).Select(queue =>
        {
            var of = counts.Where(c => c.Queue == queue).ToList();
            int Count(string state, bool? due = null) => of.Where(c => c.State == state && (due is null || c.Due == due)).Sum(c => c.Count);
            var waiting = of.Where(c => c.State == JobStates.Queued && c.Due).Select(c => (DateTimeOffset?)c.Oldest).Min();
            return new QueueCounts(queue, Count(JobStates.Queued, true), Count(JobStates.Queued, false), Count(JobStates.Running),
                Count(JobStates.Succeeded), Count(JobStates.Dead), now - waiting)
            {
                Takers = live.Count(w => w.Queues.Contains(queue)),
                Overdue = now - waiting > waitSettings.WarnAfter,
            };
        }).ToList();

        var running = await WithStudent(db, jobs.Where(j => j.State == JobStates.Running).OrderBy(j => j.UpdatedAt).Take(200))
            .Select(x => new RunningJob(x.Job.Id, x.Job.Queue, x.Job.Kind, x.Job.SubmissionId, x.Job.ItemId, x.Student,
                x.Job.LeaseOwner, x.Job.Attempts, x.Job.MaxAttempts, x.Job.UpdatedAt, x.Job.LeaseExpiresAt))
            .ToListAsync(cancellationToken);
        var dead = await WithStudent(db, jobs.Where(j => j.State == JobStates.Dead).OrderByDescending(j => j.FinishedAt).Take(DeadShown))
            .Select(x => new DeadJob(x.Job.Id, x.Job.Queue, x.Job.Kind, x.Job.SubmissionId, x.Job.ItemId, x.Student,
                x.Job.Attempts, x.Job.LastError, x.Job.FinishedAt))
            .ToListAsync(cancellationToken);

        var finished = await jobs.Where(j => j.FinishedAt >= hourAgo && (j.State == JobStates.Succeeded || j.State == JobStates.Dead))
            .Select(j => new { j.FinishedAt, j.State }).ToListAsync(cancellationToken);
        var buckets = Enumerable.Range(0, (int)(TimeSpan.FromHours(1) / BucketWidth)).Select(i =>
        {
            var from = hourAgo + i * BucketWidth;
            var inside = finished.Where(f => f.FinishedAt >= from && f.FinishedAt < from + BucketWidth).ToList();
            return new ThroughputBucket(from, inside.Count(f => f.State == JobStates.Succeeded), inside.Count(f => f.State == JobStates.Dead));
        }).ToList();

        var runs = await db.GradingRuns.AsNoTracking()
            .Where(r => r.FinishedAt >= hourAgo && db.Submissions.Any(s => s.Id == r.SubmissionId
                && db.Assignments.Any(a => a.Id == s.AssignmentId && courses.Contains(a.CourseId))))
            .GroupBy(r => r.Worker)
            .Select(g => new
            {
                Worker = g.Key,
                Runs = g.Count(),
                Last = g.Max(r => r.FinishedAt),
                // A worker runs one engine build; its model runs name the device (GPU or CPU).
                ModelEngine = g.Where(r => r.EngineVersion.StartsWith(ModelEnginePrefix)).Max(r => r.EngineVersion),
            })
            .ToListAsync(cancellationToken);
        var workers = runs.Select(r => r.Worker).Union(running.Select(r => r.Worker ?? "")).Union(live.Select(w => w.Name)).Where(w => w.Length > 0)
            .Order(StringComparer.Ordinal)
            .Select(w => (runs.FirstOrDefault(r => r.Worker == w) is { } r
                ? new WorkerActivity(w, r.Runs, r.Last, running.Count(j => j.Worker == w), r.ModelEngine)
                : new WorkerActivity(w, 0, DateTimeOffset.MinValue, running.Count(j => j.Worker == w))) with
                {
                    Queues = live.FirstOrDefault(l => l.Name == w)?.Queues,
                })
            .ToList();
        return new QueueSnapshot(now, queues, running, dead, buckets, workers) { WarnAfter = waitSettings.WarnAfter };
    }

    /// <summary>Whether the job belongs to a submission of one of these courses (so the viewer may retry it).</summary>
    public async Task<bool> IsInCoursesAsync(long jobId, IReadOnlyList<string> courses, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AnyAsync(j => j.Id == jobId && db.Submissions.Any(s => s.Id == j.SubmissionId
            && db.Assignments.Any(a => a.Id == s.AssignmentId && courses.Contains(a.CourseId))), cancellationToken);
    }

    /// <summary>An initialiser-built shape (not a constructor), so EF can translate the member access that follows.</summary>
    private sealed class JobWithStudent
    {
        public required Job Job { get; init; }
        public string? Student { get; init; }
    }

    private static IQueryable<JobWithStudent> WithStudent(GraderDbContext db, IQueryable<Job> jobs) =>
        jobs.Select(j => new JobWithStudent
        {
            Job = j,
            Student = db.Submissions.Where(s => s.Id == j.SubmissionId).Select(s => s.Student!.Name).FirstOrDefault(),
        });
}
