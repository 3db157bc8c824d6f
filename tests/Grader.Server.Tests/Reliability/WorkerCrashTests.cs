using System.Net;
using System.Net.Http.Json;
using Grader.Data.Entities;
using Grader.Server.Api.Submissions;
using Grader.Worker;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Reliability;

/// <summary>The API alone: its jobs are graded by worker processes the test starts and kills.</summary>
public sealed class ServerWithoutWorker : ServerFixture
{
    protected override WorkerSettings? Worker => null;
}

public sealed class WorkerCrashTests(ServerWithoutWorker server) : IClassFixture<ServerWithoutWorker>
{
    private const int Submissions = 400;

    [Fact]
    public async Task Jobs_of_a_worker_killed_with_SIGKILL_are_rerun_after_their_lease_expires_and_every_submission_is_graded_once()
    {
        using var client = server.Client(await server.StudentTokenAsync());
        var answers = Uploads.Reference("ai6126-hw1");
        var ids = new List<Guid>();
        for (int i = 0; i < Submissions; i++)
        {
            var response = await client.PostAsync("/api/v1/assignments/ai6126-hw1/submissions", Uploads.Answers(answers + $"\n# {i}"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<SubmissionAccepted>())!.Id);
        }

        using var victim = WorkerProcess.Start(server.ConnectionString, "victim", concurrency: 4, leaseSeconds: 2);
        await WaitUntilAsync(async db => await db.Jobs.CountAsync(j => j.LeaseOwner == "victim" && j.State == JobStates.Running) > 0,
            TimeSpan.FromSeconds(60));
        victim.KillHard();
        using var survivor = WorkerProcess.Start(server.ConnectionString, "survivor", concurrency: 4, leaseSeconds: 2);

        bool done = await WaitUntilAsync(async db => await db.Submissions.CountAsync(s => s.Status == SubmissionStatus.Graded) == Submissions,
            TimeSpan.FromSeconds(120));

        await using var check = await server.OpenAsync();
        Assert.True(done, $"graded: {await check.Submissions.CountAsync(s => s.Status == SubmissionStatus.Graded)} of {Submissions}");
        int items = (await check.Marks.Where(m => m.SubmissionId == ids[0]).CountAsync());
        Assert.Equal(Submissions * items, await check.Marks.CountAsync());
        var runsPerSubmission = await check.GradingRuns.GroupBy(r => r.SubmissionId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(Submissions, runsPerSubmission.Count);
        Assert.All(runsPerSubmission, n => Assert.Equal(1, n));
        Assert.Equal(Submissions, await check.Jobs.CountAsync(j => j.State == JobStates.Succeeded));
        Assert.True(await check.Jobs.AnyAsync(j => j.Attempts >= 2), "a job of the killed worker should have been claimed again");
        Assert.True(await check.GradingRuns.AnyAsync(r => r.Worker == "survivor"));
    }

    private async Task<bool> WaitUntilAsync(Func<Grader.Data.GraderDbContext, Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await using (var db = await server.OpenAsync())
                if (await condition(db)) return true;
            await Task.Delay(5);
        }
        return false;
    }
}
