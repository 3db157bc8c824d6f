using Grader.ServiceBench;
using Grader.Server.Workers;

// Usage (GRADER_DB: an admin connection string, e.g. from scripts/postgres.sh start):
//   Grader.ServiceBench [seconds] [clients...]          uploads and grading together (default 10 s; 1 16 128 clients),
//                                                      after a warm-up of GRADER_BENCH_WARMUP seconds (default 10; 0 for none)
//   Grader.ServiceBench drain [uploads] [clients]       the API alone, then a worker alone on the backlog
// GRADER_BENCH_CONCURRENCY sets the worker's concurrency (default 4).
var admin = Environment.GetEnvironmentVariable("GRADER_DB") ?? throw new InvalidOperationException("set GRADER_DB");
var worker = new WorkerSettings
{
    Concurrency = int.TryParse(Environment.GetEnvironmentVariable("GRADER_BENCH_CONCURRENCY"), out var c) ? c : 4,
    Name = "bench",
};
if (args is ["drain", .. var rest])
{
    await DrainBenchmark.RunAsync(admin, rest.Length > 0 ? int.Parse(rest[0]) : 2000, rest.Length > 1 ? int.Parse(rest[1]) : 16, worker);
    return 0;
}
await ServiceBenchmark.RunAsync(admin, args.Length > 0 ? int.Parse(args[0]) : 10,
    args.Length > 1 ? args[1..].Select(int.Parse).ToArray() : [1, 16, 128], worker,
    int.TryParse(Environment.GetEnvironmentVariable("GRADER_BENCH_WARMUP"), out var warmUp) ? warmUp : 10);
return 0;
