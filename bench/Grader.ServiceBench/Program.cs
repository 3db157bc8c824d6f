using Grader.ServiceBench;
using Grader.Worker;

// Usage (GRADER_DB: an admin connection string, e.g. from scripts/postgres.sh start):
//   Grader.ServiceBench [seconds] [clients...]          uploads and grading together (default 10 s; 1 16 128 clients),
//                                                      after a warm-up of GRADER_BENCH_WARMUP seconds (default 10; 0 for none)
//   Grader.ServiceBench drain [uploads] [clients]       the API alone, then a worker alone on the backlog
//   Grader.ServiceBench upload-memory [clients] [MiB]   API memory under parallel model uploads (default 16 x 64 MiB)
//   Grader.ServiceBench sign-in-flood [clients] [s]     API latency while clients send wrong passwords (default 32, 20 s)
// The last two run `grader serve` as a process of its own: GRADER_BENCH_CLI names the build (default this branch's).
// GRADER_BENCH_CONCURRENCY and GRADER_BENCH_BATCH set the worker's concurrency (default 2, as `grader serve --worker`
// on this 2-core machine) and batch size (default WorkerSettings').
var admin = Environment.GetEnvironmentVariable("GRADER_DB") ?? throw new InvalidOperationException("set GRADER_DB");
var worker = new WorkerSettings
{
    Concurrency = Setting("GRADER_BENCH_CONCURRENCY") ?? 2,
    BatchSize = Setting("GRADER_BENCH_BATCH") ?? new WorkerSettings().BatchSize,
    Name = "bench",
};
if (args is ["upload-memory", .. var memory])
{
    await UploadMemoryBenchmark.RunAsync(admin, memory.Length > 0 ? int.Parse(memory[0]) : 16, memory.Length > 1 ? int.Parse(memory[1]) : 64);
    return 0;
}
if (args is ["sign-in-flood", .. var flood])
{
    await SignInFloodBenchmark.RunAsync(admin, flood.Length > 0 ? int.Parse(flood[0]) : 32, flood.Length > 1 ? int.Parse(flood[1]) : 20);
    return 0;
}
if (args is ["drain", .. var rest])
{
    await DrainBenchmark.RunAsync(admin, rest.Length > 0 ? int.Parse(rest[0]) : 2000, rest.Length > 1 ? int.Parse(rest[1]) : 16, worker);
    return 0;
}
await ServiceBenchmark.RunAsync(admin, args.Length > 0 ? int.Parse(args[0]) : 10,
    args.Length > 1 ? args[1..].Select(int.Parse).ToArray() : [1, 16, 128], worker,
    Setting("GRADER_BENCH_WARMUP") ?? 10);
return 0;

static int? Setting(string name) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : null;
