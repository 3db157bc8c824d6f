using Grader.Data.Queue;
using Grader.Server.Hosting;
using Grader.Worker;
using Microsoft.AspNetCore.Builder;

namespace Grader.ServiceBench;

/// <summary>The server every benchmark uses: loopback, no effective rate limit, fast polling.</summary>
public static class BenchServer
{
    /// <summary>The API, with a worker in its process when <paramref name="worker"/> is given.</summary>
    public static WebApplication Build(string connectionString, WorkerSettings? worker) =>
        GraderServer.Build(Settings(connectionString), worker is null ? null : services => services.AddGraderWorker(worker));

    public static ServerSettings Settings(string connectionString) => new()
    {
        ConnectionString = connectionString,
        Urls = ["http://127.0.0.1:0"],
        RateLimits = new RateLimits { RequestsPerPeriod = 100_000, Burst = 100_000 },
        Queue = new QueueOptions { PollInterval = TimeSpan.FromMilliseconds(200) },
    };
}
