using System.Net.Http.Json;
using Grader.Data.Entities;
using Grader.Data.Queue;
using Grader.Server.Api.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grader.Server.Tests.Dashboard;

/// <summary>
/// A model item whose gpu job waits says why, on the student's page, in the status API and on the queue monitor: no GPU
/// worker running, one running (queued), or one evaluating it; past the warning time it warns.
/// No worker runs in this fixture: the registry rows are written as a worker would write them,
/// and times are moved on the database's own clock, so nothing waits for time to pass.
/// </summary>
public sealed class ModelWaitTests(DashboardWithoutWorker server) : IClassFixture<DashboardWithoutWorker>
{
    private const string ModelItem = "2.4.cifar10";

    /// <summary>An rptu submission in the state the cpu worker leaves it: answers marked, the model item pending, its gpu job queued.</summary>
    private async Task<(Guid Submission, string Token)> PendingModelAsync()
    {
        var token = await server.StudentTokenAsync("rptu");
        using var client = server.Client(token);
        var response = await client.PostAsync("/api/v1/assignments/rptu-dl-ex2/submissions", Uploads.Answers(Uploads.Reference("rptu-dl-ex2")));
        var id = (await response.Content.ReadFromJsonAsync<SubmissionAccepted>())!.Id;
        await using var db = await server.OpenAsync();
        var submission = await db.Submissions.SingleAsync(s => s.Id == id);
        submission.Status = SubmissionStatus.PendingModel;
        await db.Jobs.Where(j => j.SubmissionId == id).ExecuteUpdateAsync(j => j.SetProperty(x => x.State, JobStates.Succeeded));
        db.Marks.Add(new Mark
        {
            SubmissionId = id, ItemId = ModelItem, RubricVersionId = submission.RubricVersionId, Points = 0, MaxPoints = 5,
            Source = "auto", Result = "pending_model", Feedback = "Awaiting evaluation on the cifar10 test set.", UpdatedAt = DateTimeOffset.UtcNow,
        });
        server.Services.GetRequiredService<JobQueue>().Enqueue(db, QueueNames.Gpu, JobKinds.EvaluateModel, id, ModelItem);
        await db.SaveChangesAsync();
        return (id, token);
    }

    private async Task<string> StudentPageAsync(Guid submission, string token)
    {
        using var pages = server.Pages();
        await pages.SignInStudentAsync(token);
        return await pages.GetHtmlAsync($"/submissions/{submission}");
    }

    private async Task<string> QueuePageAsync()
    {
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.RptuTa);
        return await pages.GetHtmlAsync("/queue");
    }

    private async Task ClearWorkersAsync()
    {
        await using var db = await server.OpenAsync();
        await db.Workers.ExecuteDeleteAsync();
    }

    [Fact]
    public async Task Without_a_gpu_worker_the_student_and_the_queue_monitor_are_told_why()
    {
        await ClearWorkersAsync();
        var (submission, token) = await PendingModelAsync();
        var html = await StudentPageAsync(submission, token);
        Assert.Contains("waiting for a GPU worker</span>", html);
        Assert.Contains("Waiting for a GPU worker; none is running (queued ", html);
        Assert.DoesNotContain("evaluating model", html);

        var queue = await QueuePageAsync();
        Assert.Contains("No running worker takes the gpu queue:</strong>", queue);
        Assert.Contains("grader worker --queues gpu", queue);
    }

    [Fact]
    public async Task The_status_api_says_why_as_the_page_does_so_grader_submit_can_tell_the_student()
    {
        await ClearWorkersAsync();
        var (submission, token) = await PendingModelAsync();
        using var client = server.Client(token);
        var status = await client.GetFromJsonAsync<SubmissionStatusDto>($"/api/v1/submissions/{submission}");
        Assert.Equal(SubmissionStatus.PendingModel, status!.Status);
        var wait = Assert.Single(status.Waiting);
        Assert.Equal((ModelItem, "no_worker", false), (wait.ItemId, wait.State, wait.Overdue));
        Assert.StartsWith("Waiting for a GPU worker; none is running (queued ", wait.Message);

        await server.Services.GetRequiredService<WorkerRegistry>().AnnounceAsync("gpu-box:5", [QueueNames.Gpu], default);
        status = await client.GetFromJsonAsync<SubmissionStatusDto>($"/api/v1/submissions/{submission}");
        Assert.Equal("queued", Assert.Single(status!.Waiting).State);
    }

    [Fact]
    public async Task A_running_gpu_worker_makes_it_queued_and_a_stopped_or_silent_one_does_not()
    {
        await ClearWorkersAsync();
        var (submission, token) = await PendingModelAsync();
        var registry = server.Services.GetRequiredService<WorkerRegistry>();
        await registry.AnnounceAsync("gpu-box:1", [QueueNames.Cpu, QueueNames.Gpu], default);
        Assert.Contains("Queued for a GPU worker (1 running; queued ", await StudentPageAsync(submission, token));
        var queue = await QueuePageAsync();
        Assert.DoesNotContain("No running worker takes the gpu queue", queue);
        Assert.Contains("cpu, gpu", queue);   // the worker row says what it takes

        // Not seen for longer than the presence timeout: taken for dead.
        await using (var db = await server.OpenAsync())
            await db.Database.ExecuteSqlAsync($"UPDATE workers SET last_seen_at = now() - interval '5 minutes'");
        Assert.Contains("none is running", await StudentPageAsync(submission, token));
        await registry.AnnounceAsync("gpu-box:1", [QueueNames.Gpu], default);
        await registry.StoppedAsync("gpu-box:1", default);
        Assert.Contains("none is running", await StudentPageAsync(submission, token));
    }

    [Fact]
    public async Task A_job_a_worker_holds_is_being_evaluated()
    {
        await ClearWorkersAsync();
        var (submission, token) = await PendingModelAsync();
        await server.Services.GetRequiredService<WorkerRegistry>().AnnounceAsync("gpu-box:2", [QueueNames.Gpu], default);
        var claimed = await server.Services.GetRequiredService<JobQueue>().ClaimAsync([QueueNames.Gpu], "gpu-box:2", 10, default);
        Assert.Contains(claimed, j => j.SubmissionId == submission);
        var html = await StudentPageAsync(submission, token);
        Assert.Contains("evaluating model</span>", html);
        Assert.Contains("Evaluating the model since ", html);
    }

    [Fact]
    public async Task Past_the_warning_time_both_pages_warn()
    {
        await ClearWorkersAsync();
        var (submission, token) = await PendingModelAsync();
        await using (var db = await server.OpenAsync())
            await db.Database.ExecuteSqlAsync($"UPDATE jobs SET created_at = now() - interval '25 minutes' WHERE submission_id = {submission} AND queue = 'gpu'");
        var html = await StudentPageAsync(submission, token);
        Assert.Contains("This has waited longer than 10 min 0 s; staff see it on the queue monitor.", html);
        Assert.Contains("(queued 25 min", html);

        // With a worker taking the queue it is not stranded, but behind.
        await server.Services.GetRequiredService<WorkerRegistry>().AnnounceAsync("gpu-box:3", [QueueNames.Gpu], default);
        await using (var db = await server.OpenAsync())
            await db.Database.ExecuteSqlAsync($"UPDATE jobs SET run_after = created_at WHERE submission_id = {submission} AND queue = 'gpu'");
        var queue = await QueuePageAsync();
        Assert.Contains("The gpu queue is behind:</strong> its oldest job has waited 25 min", queue);
    }

    [Fact]
    public async Task The_status_poll_changes_when_a_worker_starts_so_the_page_reloads()
    {
        await ClearWorkersAsync();
        var (submission, token) = await PendingModelAsync();
        using var pages = server.Pages();
        await pages.SignInStudentAsync(token);
        var before = await pages.GetHtmlAsync($"/submissions/{submission}?handler=Status");
        Assert.Contains($"{ModelItem}:no_worker", before);
        await server.Services.GetRequiredService<WorkerRegistry>().AnnounceAsync("gpu-box:4", [QueueNames.Gpu], default);
        Assert.Contains($"{ModelItem}:queued", await pages.GetHtmlAsync($"/submissions/{submission}?handler=Status"));
    }
}
