using System.Diagnostics;
using Grader.Data.Entities;
using Grader.Data.Files;
using Grader.Data.Queue;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Grader.Server.Tests.Reliability;

/// <summary>A database with the ai6126-hw1 rubric and no API: the test writes the submissions itself.</summary>
public sealed class SeededDatabase : PostgresDatabase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Seed.RubricAsync(this, "ai6126-hw1", "ai6126");
    }
}

public sealed class ManyWorkersTests(SeededDatabase database, ITestOutputHelper output) : IClassFixture<SeededDatabase>
{
    private const int Workers = 3;
    private const int Submissions = 2100;
    private const int Students = 24;
    private const string Assignment = "ai6126-hw1";

    [Fact]
    public async Task Three_worker_processes_share_thousands_of_jobs_and_every_submission_is_graded_exactly_once_by_one_of_them()
    {
        var workers = Enumerable.Range(1, Workers)
            .Select(i => WorkerProcess.Start(database.ConnectionString, $"worker-{i}", concurrency: 4, leaseSeconds: 30)).ToList();
        try
        {
            await Task.WhenAll(workers.Select(w => w.WaitUntilClaimingAsync(TimeSpan.FromSeconds(60))));
            var clock = Stopwatch.StartNew();
            // The workers are running while the submissions arrive, as in a deadline rush: jobs
            // are claimed while others are still being inserted.
            await Backlog.WriteAsync(database, Assignment, "ai6126", Submissions, Students);
            var enqueued = clock.Elapsed;
            bool graded = await Grading.WaitUntilAsync(database,
                async db => await db.Submissions.CountAsync(s => s.Status == SubmissionStatus.Graded) == Submissions, TimeSpan.FromSeconds(180));
            var done = clock.Elapsed;

            await using var db = await database.OpenAsync();
            var perWorker = await db.GradingRuns.GroupBy(r => r.Worker).Select(g => new { Worker = g.Key, Runs = g.Count() }).ToListAsync();
            output.WriteLine($"{Submissions} submissions enqueued in {enqueued.TotalSeconds:F1} s, all graded after {done.TotalSeconds:F1} s; " +
                             string.Join(", ", perWorker.OrderBy(w => w.Worker).Select(w => $"{w.Worker}: {w.Runs}")) +
                             $"; worker CPU {workers.Sum(w => w.ProcessorTime.TotalSeconds):F1} s, load average {LoadAverage()}");

            Assert.True(graded, $"graded: {await db.Submissions.CountAsync(s => s.Status == SubmissionStatus.Graded)} of {Submissions}");
            Assert.Equal(Submissions, await db.Submissions.CountAsync());
            int items = Grading.ItemsOf(Assignment);
            Assert.Equal(Submissions * items, await db.Marks.CountAsync());
            var marksPerSubmission = await db.Marks.GroupBy(m => m.SubmissionId).Select(g => g.Count()).ToListAsync();
            Assert.Equal(Submissions, marksPerSubmission.Count);
            Assert.All(marksPerSubmission, n => Assert.Equal(items, n));

            // One grading run per submission: no job's result was written twice.
            Assert.Equal(Submissions, await db.GradingRuns.CountAsync());
            Assert.Equal(Submissions, await db.GradingRuns.Select(r => r.SubmissionId).Distinct().CountAsync());
            // Every job claimed exactly once (a claim counts an attempt), so never by two workers,
            // and its run written by the worker that held its lease.
            Assert.Equal(Submissions, await db.Jobs.CountAsync(j => j.State == JobStates.Succeeded && j.Attempts == 1));
            Assert.Equal(0, await db.GradingRuns.CountAsync(r => db.Jobs.Any(j => j.Id == r.JobId && j.LeaseOwner != r.Worker)));

            // The work is shared: a third each would be fair; a tenth rules out one worker doing it all.
            Assert.Equal(workers.Select(w => w.Name).Order(), perWorker.Select(w => w.Worker).Order());
            Assert.All(perWorker, w => Assert.True(w.Runs >= Submissions / 10, $"{w.Worker} graded only {w.Runs} of {Submissions}"));
            Assert.All(workers, w => Assert.False(w.HasExited, $"{w.Name} exited"));
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
