using System.Net;
using System.Net.Sockets;
using Grader.Data.Metrics;
using Grader.Data.Queue;
using Grader.TestSupport;
using Grader.Worker;
using Grader.Worker.Metrics;
using Microsoft.Extensions.Hosting;

namespace Grader.Server.Tests.Observability;

/// <summary>A worker-only host (no web stack) answers scrapes on its own port, for the allowed networks only.</summary>
public sealed class WorkerMetricsListenerTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task<(IHost Host, HttpClient Client)> StartAsync(NetworkList allowed)
    {
        int port = FreePort();
        var host = WorkerHost.Build(database.ConnectionString, new WorkerSettings { Name = "listener-test", Concurrency = 3 }, new QueueOptions(),
            services => services.AddMetricsListener(new MetricsListenerSettings(port, allowed)));
        await host.StartAsync();
        return (host, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) });
    }

    [Fact]
    public async Task A_worker_serves_its_own_metrics_at_its_port()
    {
        var (host, client) = await StartAsync(NetworkList.Loopback);
        using (host)
        using (client)
        {
            // The worker loop sets its gauges once it runs (on its own thread, after the host started).
            var scrape = await Poll.UntilAsync(() => Scrape.ReadAsync(client),
                s => s.Has("grader_worker_slots{worker=\"listener-test\"}"), TimeSpan.FromSeconds(30));
            Assert.Equal(3, scrape.Value("grader_worker_slots{worker=\"listener-test\"}"));
            // The queue gauges are the API's to export, once for all workers.
            Assert.DoesNotContain("grader_queue_jobs", scrape.Text);
            using var other = await client.GetAsync("/elsewhere");
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_scraper_outside_the_allowed_networks_is_refused()
    {
        var (host, client) = await StartAsync(NetworkList.TryParse("10.9.0.0/16", out _)!);
        using (host)
        using (client)
        {
            using var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            await host.StopAsync();
        }
    }
}
