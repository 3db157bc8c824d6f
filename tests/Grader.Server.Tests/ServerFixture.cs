using System.Net.Http.Headers;
using System.Net.Http.Json;
using Grader.Data.Queue;
using Grader.Server.Api.Submissions;
using Grader.Server.Hosting;
using Grader.TestSupport;
using Grader.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Grader.Server.Tests;

/// <summary>
/// The real service on loopback: Kestrel on 127.0.0.1 with a free port, a worker in the same
/// process, and a fresh PostgreSQL database with the seed rubrics ai6126-hw1 and rptu-dl-ex2.
/// </summary>
public class ServerFixture : PostgresDatabase
{
    private WebApplication? app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The running service's services (the queue, the worker registry), for tests that set up states directly.</summary>
    public IServiceProvider Services => app!.Services;

    protected virtual RateLimits RateLimits => new() { RequestsPerPeriod = 1000, Burst = 1000 };

    /// <summary>Every test talks from 127.0.0.1: the address's budget of failed tries is generous unless a test is about it.</summary>
    protected virtual SignInLimits SignIn => new() { FailuresPerAddress = 100_000, FailuresPerAccount = 1000 };

    protected virtual void ConfigureServices(IServiceCollection services) { }

    /// <summary>The worker in the API's process; null for a server whose jobs wait for separate workers.</summary>
    protected virtual WorkerSettings? Worker => new() { Queues = QueueNames.All, Concurrency = 2, Name = "test-worker" };

    protected virtual UploadLimits UploadLimits => new() { AnswersBytes = 256 << 10, ModelBytes = 512 << 10 };

    public UploadLimits Limits => UploadLimits;

    /// <summary>Settings a fixture changes beyond the ones every test server has (proxies, metrics access).</summary>
    protected virtual ServerSettings Adjust(ServerSettings settings) => settings;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Seed.RubricAsync(this, "ai6126-hw1", "ai6126");
        await Seed.RubricAsync(this, "rptu-dl-ex2", "rptu");
        app = GraderServer.Build(Adjust(new ServerSettings
        {
            ConnectionString = ConnectionString,
            Urls = ["http://127.0.0.1:0"],
            Limits = Limits,
            RateLimits = RateLimits,
            SignIn = SignIn,
            Queue = new QueueOptions { PollInterval = TimeSpan.FromMilliseconds(200), LeaseDuration = TimeSpan.FromSeconds(10) },
        }), services =>
        {
            if (Worker is { } worker) services.AddGraderWorker(worker);
            ConfigureServices(services);
        });
        await app.StartAsync();
        BaseAddress = new Uri(app.Urls.First());
    }

    public override async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        await base.DisposeAsync();
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task<string> StudentTokenAsync(string course = "ai6126", string? index = null) =>
        Seed.StudentAsync(this, course, "s" + Guid.NewGuid().ToString("N")[..8], index).ContinueWith(t => t.Result.Token);

    /// <summary>Polls the status URL until the submission leaves "queued" (or the time is up).</summary>
    public static async Task<SubmissionStatusDto> WaitForStatusAsync(HttpClient client, Guid id, params string[] statuses)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = await client.GetFromJsonAsync<SubmissionStatusDto>($"/api/v1/submissions/{id}");
            if (statuses.Contains(status!.Status) || DateTime.UtcNow > deadline) return status;
            await Task.Delay(100);
        }
    }
}

/// <summary>Uploads built by the tests.</summary>
public static class Uploads
{
    public static MultipartFormDataContent Answers(string text, string fileName = "answers.yaml", string contentType = "application/yaml")
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, UploadParser.AnswersPart, fileName);
        return content;
    }

    public static MultipartFormDataContent WithModel(this MultipartFormDataContent content, string itemId, byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, UploadParser.ModelPartPrefix + itemId, "model.onnx");
        return content;
    }

    /// <summary>
    /// A file input left empty, as Chromium sends it: the part with a blank file name and no bytes
    /// (<c>Content-Disposition: form-data; name="..."; filename=""</c>).
    /// </summary>
    public static MultipartFormDataContent WithEmptyFileInput(this MultipartFormDataContent content, string name)
    {
        var part = new ByteArrayContent([]);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = $"\"{name}\"", FileName = "\"\"" };
        content.Add(part);
        return content;
    }

    public static string Reference(string assignment, string file = "solution.yaml") =>
        File.ReadAllText(RepositoryFiles.Reference(assignment, file));
}
