using System.Net;
using System.Net.Http.Json;
using Grader.Data.Entities;
using Grader.Server.Api.Submissions;
using Grader.Worker;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Dashboard;

/// <summary>No worker: jobs stay where the tests put them.</summary>
public sealed class DashboardWithoutWorker : DashboardFixture
{
    protected override WorkerSettings? Worker => null;
}

public sealed class QueueMonitorTests(DashboardWithoutWorker server) : IClassFixture<DashboardWithoutWorker>
{
    private async Task<Guid> UploadAsync(string course = "ai6126", string assignment = "ai6126-hw1")
    {
        using var client = server.Client(await server.StudentTokenAsync(course));
        var response = await client.PostAsync($"/api/v1/assignments/{assignment}/submissions", Uploads.Answers(Uploads.Reference(assignment)));
        return (await response.Content.ReadFromJsonAsync<SubmissionAccepted>())!.Id;
    }

    private async Task<long> KillJobAsync(Guid submission, string error)
    {
        await using var db = await server.OpenAsync();
        var job = await db.Jobs.SingleAsync(j => j.SubmissionId == submission);
        job.State = JobStates.Dead;
        job.Attempts = job.MaxAttempts;
        job.LastError = error;
        job.FinishedAt = DateTimeOffset.UtcNow;
        await db.Submissions.Where(s => s.Id == submission).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubmissionStatus.Failed));
        await db.SaveChangesAsync();
        return job.Id;
    }

    [Fact]
    public async Task A_dead_job_is_shown_with_its_error_and_retry_puts_it_back_in_the_queue()
    {
        var submission = await UploadAsync();
        var jobId = await KillJobAsync(submission, "IOException: data set <cifar10> not imported");
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.AiTa);

        var html = await pages.GetHtmlAsync("/queue");
        Assert.Contains("data set &lt;cifar10&gt; not imported", html);
        var response = await pages.PostFormAsync("/queue", "/queue?handler=Retry", ("jobId", jobId.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var db = await server.OpenAsync();
        var job = await db.Jobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal((JobStates.Queued, 0), (job.State, job.Attempts));
        Assert.Equal(SubmissionStatus.Queued, (await db.Submissions.SingleAsync(s => s.Id == submission)).Status);
        Assert.Contains($"Job {jobId} is queued again.", await pages.GetHtmlAsync("/queue"));
    }

    [Fact]
    public async Task Retrying_a_job_that_is_not_dead_changes_nothing()
    {
        var submission = await UploadAsync();
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.AiTa);
        await using var db = await server.OpenAsync();
        var jobId = await db.Jobs.Where(j => j.SubmissionId == submission).Select(j => j.Id).SingleAsync();

        await pages.PostFormAsync("/queue", "/queue?handler=Retry", ("jobId", jobId.ToString()));
        Assert.Contains($"Job {jobId} was not dead anymore", await pages.GetHtmlAsync("/queue"));
    }

    [Fact]
    public async Task A_ta_sees_and_may_retry_only_jobs_of_their_own_course()
    {
        var other = await UploadAsync("rptu", "rptu-dl-ex2");
        var jobId = await KillJobAsync(other, "secret error of another course");
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.AiTa);

        Assert.DoesNotContain("secret error of another course", await pages.GetHtmlAsync("/queue"));
        var response = await pages.PostFormAsync("/queue", "/queue?handler=Retry", ("jobId", jobId.ToString()));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var db = await server.OpenAsync();
        Assert.Equal(JobStates.Dead, (await db.Jobs.SingleAsync(j => j.Id == jobId)).State);
    }

    [Fact]
    public async Task Waiting_jobs_are_counted_per_queue()
    {
        await UploadAsync();
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.AiInstructor);
        var html = await pages.GetHtmlAsync("/queue");
        // Queue, then the workers taking it (none here), then the waiting count.
        Assert.Matches(@"<td>cpu</td>\s*<td class=""num bad"">0</td>\s*<td class=""num"">[1-9]\d*</td>", html);
    }

    [Fact]
    public async Task Each_worker_shows_the_device_its_models_ran_on()
    {
        var submission = await UploadAsync();
        await using (var db = await server.OpenAsync())
        {
            var now = DateTimeOffset.UtcNow;
            GradingRun Run(string worker, string engine) => new()
            {
                SubmissionId = submission, Worker = worker, EngineVersion = engine, StartedAt = now.AddSeconds(-2), FinishedAt = now, Outcome = "graded",
            };
            db.GradingRuns.AddRange(
                Run("gpu-box:42", "grader-core/1.0.0.0"),
                Run("gpu-box:42", "grader-inference 1.0.0+abc (cuda (NVIDIA H100 80GB HBM3, sm_90, fp32, cuDNN 9.1.0))"),
                Run("cpu-box:7", "grader-inference 1.0.0+abc (cpu)"),
                Run("answers-only:9", "grader-core/1.0.0.0"));
            await db.SaveChangesAsync();
        }
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.AiTa);
        var html = await pages.GetHtmlAsync("/queue");
        Assert.Matches(@"gpu-box:42</td>(<td[^>]*>[^<]*</td>){4}<td>cuda \(NVIDIA H100 80GB HBM3, sm_90, fp32, cuDNN 9.1.0\)</td>", html);
        Assert.Matches(@"cpu-box:7</td>(<td[^>]*>[^<]*</td>){4}<td>cpu</td>", html);
        Assert.Matches(@"answers-only:9</td>(<td[^>]*>[^<]*</td>){4}<td>(–|&#x2013;)</td>", html); // Razor encodes the dash
    }

    [Fact]
    public async Task Students_cannot_open_the_queue_monitor()
    {
        using var pages = server.Pages();
        await pages.SignInStudentAsync(await server.StudentTokenAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync("/queue")).StatusCode);
    }
}
