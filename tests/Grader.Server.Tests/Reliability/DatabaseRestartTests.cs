using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grader.Data.Entities;
using Grader.Server.Api.Submissions;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Grader.Server.Tests.Reliability;

/// <summary>The API with its in-process worker, on a cluster of its own that the test restarts.</summary>
public class ServerOnThrowawayCluster : ServerFixture
{
    public ThrowawayCluster Cluster { get; private set; } = null!;

    protected override string ClusterConnectionString => Cluster.AdminConnectionString;

    public override async Task InitializeAsync()
    {
        Cluster = await ThrowawayCluster.CreateAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await Cluster.StartAsync(); // a test that failed while the cluster was down
            await base.DisposeAsync();
        }
        finally
        {
            await Cluster.DisposeAsync();
        }
    }
}

public sealed class DatabaseRestartTests(ServerOnThrowawayCluster server, ITestOutputHelper output)
    : IClassFixture<ServerOnThrowawayCluster>
{
    private const int Clients = 6;
    private const string Assignment = "ai6126-hw1";

    /// <summary>Where the cluster was when a request was sent: Stopping and Starting while pg_ctl runs.</summary>
    private enum Phase { Up, Stopping, Down, Starting, Back }

    private sealed record Answer(Phase SentWhile, HttpStatusCode Status);

    private sealed record ProblemBody(int Status, string? Title, string? Detail);

    private int phase = (int)Phase.Up;

    private Phase Current => (Phase)Volatile.Read(ref phase);

    [Fact]
    public async Task While_PostgreSQL_restarts_uploads_are_accepted_or_refused_with_a_retryable_503_and_every_accepted_upload_is_graded_once()
    {
        var tokens = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => server.StudentTokenAsync()));
        var answers = new ConcurrentQueue<Answer>();
        var wrong = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        // Besides the worker in the API's process, a `grader worker` process: the outage must
        // not end either.
        using var worker = WorkerProcess.Start(server.ConnectionString, "separate", concurrency: 2, leaseSeconds: 10);
        await worker.WaitUntilClaimingAsync(TimeSpan.FromSeconds(60));
        var clients = tokens.Select((token, c) => Task.Run(() => UploadUntilStoppedAsync(token, c, answers, wrong, stop.Token))).ToArray();

        bool bothWorkersGrading = await Grading.WaitUntilAsync(server, async db => await db.GradingRuns.AnyAsync(r => r.Worker == worker.Name)
            && await db.GradingRuns.AnyAsync(r => r.Worker != worker.Name), TimeSpan.FromSeconds(60));
        Assert.True(bothWorkersGrading, "before the outage, both workers should have graded something");
        Volatile.Write(ref phase, (int)Phase.Stopping);
        await server.Cluster.StopAsync();
        Volatile.Write(ref phase, (int)Phase.Down);
        var stoppedAt = clock.Elapsed;
        using var probe = server.Client();
        var readyWhileDown = await probe.GetAsync("/ready");
        // Long enough for every client to run into the outage more than once.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Volatile.Write(ref phase, (int)Phase.Starting);
        await server.Cluster.StartAsync();
        Volatile.Write(ref phase, (int)Phase.Back);
        var startedAt = clock.Elapsed;
        var back = DateTimeOffset.UtcNow;
        // The test's own pooled connections died with the old server process; the server's are what is under test.
        server.DataSource.Clear();
        bool readyAgain = await Poll.UntilAsync(async () => (await probe.GetAsync("/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        // Uploads go on until both workers have graded work again: a worker that gave up, or
        // died, in the outage never does.
        bool bothWorkersBack = await Grading.WaitUntilAsync(server,
            async db => answers.Count(a => a.SentWhile == Phase.Back && a.Status == HttpStatusCode.Accepted) >= 20
                        && await db.GradingRuns.AnyAsync(r => r.Worker == worker.Name && r.StartedAt > back)
                        && await db.GradingRuns.AnyAsync(r => r.Worker != worker.Name && r.StartedAt > back), TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        var accepted = (await Task.WhenAll(clients)).SelectMany(ids => ids).ToList();
        var uploadsDoneAt = clock.Elapsed;

        bool graded = await Grading.WaitUntilAsync(server,
            async db => await db.Submissions.CountAsync(s => s.Status != SubmissionStatus.Graded) == 0, TimeSpan.FromSeconds(90));
        output.WriteLine($"stopped at {stoppedAt.TotalSeconds:F1} s, started at {startedAt.TotalSeconds:F1} s, uploads done at " +
                         $"{uploadsDoneAt.TotalSeconds:F1} s, graded at {clock.Elapsed.TotalSeconds:F1} s; answers: " +
                         string.Join(", ", answers.GroupBy(a => (a.SentWhile, a.Status)).Select(g => $"{g.Key.SentWhile} {(int)g.Key.Status}: {g.Count()}")));

        Assert.Empty(wrong);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyWhileDown.StatusCode);
        Assert.True(readyAgain, "/ready did not recover after the restart");
        Assert.Contains(answers, a => a.SentWhile == Phase.Down && a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.Contains(answers, a => a.SentWhile == Phase.Up && a.Status == HttpStatusCode.Accepted);
        Assert.Contains(answers, a => a.SentWhile == Phase.Back && a.Status == HttpStatusCode.Accepted);
        Assert.True(bothWorkersBack, "after the restart, both workers should have graded something again");
        Assert.False(worker.HasExited, "the worker process ended in the outage");

        await using var db = await server.OpenAsync();
        // Retries carry the Idempotency-Key of the refused upload: an upload that committed but
        // whose answer was lost in the outage comes back as the same submission, not a second one.
        Assert.Equal(accepted.Count, accepted.Distinct().Count());
        var stored = await db.Submissions.Select(s => s.Id).ToListAsync();
        Assert.Equal(accepted.Order(), stored.Order());
        Assert.True(graded, $"not graded: {await db.Submissions.CountAsync(s => s.Status != SubmissionStatus.Graded)} of {stored.Count}");
        int items = Grading.ItemsOf(Assignment);
        var marksPerSubmission = await db.Marks.GroupBy(m => m.SubmissionId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(stored.Count, marksPerSubmission.Count);
        Assert.All(marksPerSubmission, n => Assert.Equal(items, n));
        var runsPerSubmission = await db.GradingRuns.GroupBy(r => r.SubmissionId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(stored.Count, runsPerSubmission.Count);
        Assert.All(runsPerSubmission, n => Assert.Equal(1, n));
        Assert.Equal(stored.Count, await db.Jobs.CountAsync(j => j.State == JobStates.Succeeded));
    }

    /// <summary>
    /// Uploads one distinct submission after another. A refused upload is sent again, with the
    /// same key, until it is accepted: the client a student would use. Anything but 202 and a
    /// well-formed 503 goes to <paramref name="wrong"/>.
    /// </summary>
    private async Task<List<Guid>> UploadUntilStoppedAsync(string token, int client, ConcurrentQueue<Answer> answers,
        ConcurrentQueue<string> wrong, CancellationToken stop)
    {
        using var http = server.Client(token);
        // A request must not outlast the outage by much: a hang is a failure, not a slow 503.
        http.Timeout = TimeSpan.FromSeconds(15);
        var text = Uploads.Reference(Assignment);
        var accepted = new List<Guid>();
        for (int n = 0; !stop.IsCancellationRequested; n++)
        {
            var key = $"client-{client}-upload-{n}";
            var giveUp = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var sentWhile = Current;
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/assignments/{Assignment}/submissions")
                {
                    Content = Uploads.Answers(text + $"\n# {key}\n"),
                };
                request.Headers.Add(SubmissionEndpoints.IdempotencyHeader, key);
                HttpResponseMessage response;
                try
                {
                    response = await http.SendAsync(request, CancellationToken.None);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    wrong.Enqueue($"{key} sent while {sentWhile}: no answer ({e.GetType().Name}: {e.Message})");
                    return accepted;
                }
                using (response)
                {
                    answers.Enqueue(new Answer(sentWhile, response.StatusCode));
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        accepted.Add((await response.Content.ReadFromJsonAsync<SubmissionAccepted>())!.Id);
                        // A student's pace, not a flood: the backlog, and so the test's time, stays small on a busy machine.
                        await Task.Delay(50, CancellationToken.None);
                        break;
                    }
                    if (await WhyNotRetryableAsync(response) is { } why)
                    {
                        wrong.Enqueue($"{key} sent while {sentWhile}: {why}");
                        return accepted;
                    }
                }
                if (DateTime.UtcNow > giveUp)
                {
                    wrong.Enqueue($"{key}: still refused after 60 s");
                    return accepted;
                }
                // Shorter than Retry-After asks, so that the test sees the outage's end promptly.
                await Task.Delay(200, CancellationToken.None);
            }
        }
        return accepted;
    }

    private static async Task<string?> WhyNotRetryableAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable) return $"{(int)response.StatusCode}: {body}";
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"503 without problem details: {body}";
        if (response.Headers.RetryAfter?.Delta is not { } delay || delay <= TimeSpan.Zero) return "503 without Retry-After";
        var problem = JsonSerializer.Deserialize<ProblemBody>(body, JsonSerializerOptions.Web);
        return problem?.Status == 503 ? null : $"503 whose problem details say {problem?.Status}: {body}";
    }
}
