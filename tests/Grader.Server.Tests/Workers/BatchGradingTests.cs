using Grader.Data.Entities;
using Grader.Data.Queue;
using Grader.Server.Tests.Reliability;
using Grader.Worker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using ReliabilityGrading = Grader.Server.Tests.Reliability.Grading;

namespace Grader.Server.Tests.Workers;

/// <summary>
/// A worker with a backlog grades several submissions per transaction. Each test writes its own
/// backlog before the worker starts, so the worker finds a queue to batch from, and each uses
/// its own assignment's students (the database is shared by the class).
/// </summary>
public sealed class BatchGradingTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    private const string Assignment = "ai6126-hw1";

    private async Task GradeBacklogAsync(WorkerSettings worker, Func<Task<bool>> done)
    {
        using var host = WorkerHost.Build(database.ConnectionString, worker, new QueueOptions { PollInterval = TimeSpan.FromMilliseconds(100) });
        await host.StartAsync();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (!await done() && DateTime.UtcNow < deadline) await Task.Delay(100);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private async Task<bool> AllGradedAsync(IReadOnlyCollection<Guid> ids)
    {
        await using var db = await database.OpenAsync();
        return await db.Submissions.CountAsync(s => ids.Contains(s.Id) && s.Status == SubmissionStatus.Graded) == ids.Count;
    }

    [Fact]
    public async Task A_backlog_is_graded_several_submissions_per_transaction_and_each_exactly_once()
    {
        var ids = await Backlog.WriteAsync(database, Assignment, "ai6126", submissions: 48, students: 6);

        await GradeBacklogAsync(new WorkerSettings { Concurrency = 2, BatchSize = 8, Name = "batcher" }, () => AllGradedAsync(ids));

        await using var db = await database.OpenAsync();
        Assert.True(await AllGradedAsync(ids));
        int items = ReliabilityGrading.ItemsOf(Assignment);
        var marks = await db.Marks.Where(m => ids.Contains(m.SubmissionId)).ToListAsync();
        Assert.Equal(ids.Count * items, marks.Count);
        // The model solution: full marks on every automatic item (reference/ai6126-hw1/cases.yaml
        // says "full"); its text answers wait for a TA.
        Assert.All(marks, m => Assert.True(m.Result == "pending_manual" || (m.Result == "correct" && m.Points == m.MaxPoints),
            $"{m.ItemId}: {m.Result} {m.Points}/{m.MaxPoints}"));
        Assert.Contains(marks, m => m.Result == "correct");
        var runs = await db.GradingRuns.Where(r => ids.Contains(r.SubmissionId)).ToListAsync();
        Assert.Equal(ids.Count, runs.Count);
        Assert.Equal(ids.Count, await db.Jobs.CountAsync(j => j.SubmissionId != null && ids.Contains(j.SubmissionId.Value)
            && j.State == JobStates.Succeeded && j.Attempts == 1));
        // The runs of one batch share its start time: 48 jobs in batches of at most 8 are 6 to
        // 47 distinct starts; one run per job would be 48.
        int batches = runs.Select(r => r.StartedAt).Distinct().Count();
        Assert.InRange(batches, 6, ids.Count - 1);
    }

    [Fact]
    public async Task Two_gradings_of_one_submission_in_a_batch_are_done_one_after_the_other()
    {
        var ids = await Backlog.WriteAsync(database, Assignment, "ai6126", submissions: 6, students: 2);
        await using (var db = await database.OpenAsync())
        {
            // A second grading job for the first submission, queued behind the others (a re-run would do this).
            new JobQueue(database.Contexts, new QueueOptions()).Enqueue(db, QueueNames.Cpu, JobKinds.GradeSubmission, ids[0]);
            await db.SaveChangesAsync();
        }

        await GradeBacklogAsync(new WorkerSettings { Concurrency = 1, BatchSize = 16, Name = "one-slot" }, async () =>
        {
            await using var db = await database.OpenAsync();
            return await db.Jobs.CountAsync(j => j.SubmissionId != null && ids.Contains(j.SubmissionId.Value) && j.State == JobStates.Succeeded) == 7;
        });

        await using var check = await database.OpenAsync();
        Assert.True(await AllGradedAsync(ids));
        var marksPerSubmission = await check.Marks.Where(m => ids.Contains(m.SubmissionId)).GroupBy(m => m.SubmissionId)
            .Select(g => g.Count()).ToListAsync();
        Assert.Equal(ids.Count, marksPerSubmission.Count);
        Assert.All(marksPerSubmission, n => Assert.Equal(ReliabilityGrading.ItemsOf(Assignment), n));
        Assert.Equal(2, await check.GradingRuns.CountAsync(r => r.SubmissionId == ids[0]));
        Assert.Equal(7, await check.Jobs.CountAsync(j => j.SubmissionId != null && ids.Contains(j.SubmissionId.Value) && j.Attempts == 1));
    }
}
