using Grader.Data.Queue;
using Grader.Server.Hosting;
using Grader.Server.Workers;

namespace Grader.ServiceBench;

/// <summary>The server settings every benchmark uses: loopback, no effective rate limit, fast polling.</summary>
public static class BenchServer
{
    public static ServerSettings Settings(string connectionString, WorkerSettings? worker) => new()
    {
        ConnectionString = connectionString,
        Urls = ["http://127.0.0.1:0"],
        RateLimits = new RateLimits { RequestsPerSecond = 100_000, Burst = 100_000 },
        Queue = new QueueOptions { PollInterval = TimeSpan.FromMilliseconds(200) },
        Worker = worker,
    };
}
