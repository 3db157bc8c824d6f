using System.Net;
using System.Net.Http.Json;
using Grader.Data.Entities;
using Grader.Data.Metrics;
using Grader.Server.Api.Submissions;
using Grader.Server.Hosting;
using Grader.Worker;

namespace Grader.Server.Tests.Observability;

/// <summary>/metrics after real uploads graded by the worker in the API's process.</summary>
public sealed class MetricsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Grade = "queue=\"cpu\",kind=\"grade_submission\"";

    [Fact]
    public async Task After_grading_the_counts_of_uploads_jobs_and_latencies_match_what_was_done()
    {
        using var scraper = server.Client();
        var before = await Scrape.ReadAsync(scraper);
        var token = await server.StudentTokenAsync();
        using var client = server.Client(token);
        var ids = new List<Guid>();
        foreach (var file in new[] { "solution.yaml", "wrong-no-bias.yaml", "wrong-flipped-kernel.yaml" })
        {
            using var response = await client.PostAsync("/api/v1/assignments/ai6126-hw1/submissions", Uploads.Answers(Uploads.Reference("ai6126-hw1", file)));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<SubmissionAccepted>())!.Id);
        }
        using (var notMultipart = await client.PostAsync("/api/v1/assignments/ai6126-hw1/submissions", new StringContent("x")))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, notMultipart.StatusCode);
        // Graded automatically; the model solution's text answers are then left to a TA (awaiting_manual).
        foreach (var id in ids)
            Assert.Contains((await ServerFixture.WaitForStatusAsync(client, id, SubmissionStatus.Graded, SubmissionStatus.AwaitingManual)).Status,
                new[] { SubmissionStatus.Graded, SubmissionStatus.AwaitingManual });

        var after = await Scrape.ReadAsync(scraper);

        double Delta(string series) => after.Value(series) - before.Value(series);
        Assert.Equal(3, Delta("grader_uploads_total{status=\"202\"}"));
        Assert.Equal(1, Delta("grader_uploads_total{status=\"415\"}"));
        Assert.Equal(3, Delta($"grader_jobs_total{{{Grade},outcome=\"succeeded\"}}"));
        Assert.Equal(0, Delta($"grader_jobs_total{{{Grade},outcome=\"retry\"}}"));
        Assert.Equal(3, Delta($"grader_job_duration_seconds_count{{{Grade}}}"));
        Assert.True(Delta($"grader_job_duration_seconds_sum{{{Grade}}}") > 0);
        // Every job finished within the largest bucket: the +Inf bucket and the 600 s one agree.
        Assert.Equal(after.Value($"grader_job_duration_seconds_bucket{{{Grade},le=\"+Inf\"}}"), after.Value($"grader_job_duration_seconds_bucket{{{Grade},le=\"600\"}}"));
        Assert.Equal(0, after.Value("grader_queue_jobs{queue=\"cpu\",state=\"waiting\"}"));
        Assert.Equal(0, after.Value("grader_queue_jobs{queue=\"cpu\",state=\"running\"}"));
        Assert.Equal(0, after.Value("grader_queue_jobs{queue=\"cpu\",state=\"dead\"}"));
        Assert.Equal(1, after.Value("grader_database_up"));
        Assert.Equal(2, after.Value("grader_worker_slots{worker=\"test-worker\"}"));
        Assert.True(after.Value("grader_worker_heartbeat_timestamp_seconds{worker=\"test-worker\"}") > 0);

        // Nothing that names a student or a submission.
        Assert.DoesNotContain(token, after.Text);
        foreach (var id in ids) Assert.DoesNotContain(id.ToString(), after.Text);
        Assert.DoesNotContain("ai6126", after.Text);
    }
}

/// <summary>A server whose jobs wait for a separate worker: the queue gauges see them waiting.</summary>
public sealed class QueueGaugeTests(QueueGaugeTests.NoWorker server) : IClassFixture<QueueGaugeTests.NoWorker>
{
    public sealed class NoWorker : ServerFixture
    {
        protected override WorkerSettings? Worker => null;
    }

    [Fact]
    public async Task Waiting_jobs_are_counted_per_queue_with_the_age_of_the_oldest()
    {
        using var client = server.Client(await server.StudentTokenAsync());
        for (int i = 0; i < 4; i++)
        {
            using var response = await client.PostAsync("/api/v1/assignments/ai6126-hw1/submissions", Uploads.Answers(Uploads.Reference("ai6126-hw1")));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var scrape = await Scrape.ReadAsync(server.Client());

        Assert.Equal(4, scrape.Value("grader_queue_jobs{queue=\"cpu\",state=\"waiting\"}"));
        Assert.Equal(0, scrape.Value("grader_queue_jobs{queue=\"gpu\",state=\"waiting\"}"));
        Assert.True(scrape.Value("grader_queue_oldest_waiting_seconds{queue=\"cpu\"}") > 0);
        Assert.Equal(0, scrape.Value("grader_queue_oldest_waiting_seconds{queue=\"gpu\"}"));
        Assert.False(scrape.Has("grader_worker_slots{worker=\"test-worker\"}"));
    }
}

/// <summary>
/// Behind a proxy on loopback (trusted) with metrics for 10.9.0.0/16 only: the client address is
/// the proxy's X-Forwarded-For, so a scrape is allowed for a forwarded 10.9.x.x and refused for
/// the proxy itself or another forwarded address.
/// </summary>
public sealed class MetricsBehindTrustedProxyTests(MetricsBehindTrustedProxyTests.Proxied server) : IClassFixture<MetricsBehindTrustedProxyTests.Proxied>
{
    public sealed class Proxied : ServerFixture
    {
        protected override ServerSettings Adjust(ServerSettings settings) => settings with
        {
            TrustedProxies = NetworkList.Loopback,
            MetricsClients = NetworkList.TryParse("10.9.0.0/16", out _)!,
        };
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Forbidden)]
    [InlineData("10.9.1.2", HttpStatusCode.OK)]
    [InlineData("192.0.2.1", HttpStatusCode.Forbidden)]
    public async Task Metrics_follow_the_forwarded_client_address(string? forwardedFor, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await server.Client().SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }
}

/// <summary>Without trusted proxies a client cannot pass for an allowed address by sending X-Forwarded-For itself.</summary>
public sealed class MetricsWithoutProxyTests(MetricsWithoutProxyTests.Direct server) : IClassFixture<MetricsWithoutProxyTests.Direct>
{
    public sealed class Direct : ServerFixture
    {
        protected override ServerSettings Adjust(ServerSettings settings) => settings with { MetricsClients = NetworkList.TryParse("10.9.0.0/16", out _)! };
    }

    [Fact]
    public async Task A_forwarded_header_from_an_untrusted_client_is_ignored()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", "10.9.1.2");
        using var response = await server.Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
