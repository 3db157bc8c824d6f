using System.Globalization;
using Grader.QueueBench;
using Grader.ServiceBench;

// Usage: Grader.QueueBench [jobs] [rounds]     (default 4000 jobs, 2 rounds; GRADER_DB: an admin connection string)
// GRADER_BENCH_STATEMENTS=1 also lists each contender's statements per job in the last round.
// Each round drains a fresh backlog of `jobs` submissions with every contender in turn (ours and
// Hangfire interleaved), after a warm-up round of 400 jobs each that is not reported (JIT).
// bench/Grader.QueueBench/run.sh starts a PostgreSQL with pg_stat_statements and runs this.
var admin = Environment.GetEnvironmentVariable("GRADER_DB") ?? throw new InvalidOperationException("set GRADER_DB (or use run.sh)");
int jobs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4000;
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;

IContender[] contenders =
[
    new OurQueue(concurrency: 4, batchSize: 16),
    new HangfireQueue(workerCount: 4, tuned: false),
    new OurQueue(concurrency: 16, batchSize: 16),
    new HangfireQueue(workerCount: 16, tuned: false),
    new OurQueue(concurrency: 4, batchSize: 1),
    new HangfireQueue(workerCount: 16, tuned: true),
];

var course = await BenchCourse.ReadAsync();
bool statements = await DatabaseCounters.StatementsAvailableAsync(admin);
if (!statements) Console.Error.WriteLine("pg_stat_statements is not loaded: statements per job are not counted (run.sh loads it)");
int warmUp = Math.Min(400, jobs);
Console.Error.WriteLine($"warm-up: {warmUp} jobs per contender, {Environment.ProcessorCount} CPUs");
foreach (var contender in contenders) await DrainRun.RunAsync(admin, course, contender, warmUp, statements);

Console.WriteLine("| round | contender | jobs | jobs/s | CPU per job: .NET | PostgreSQL | statements per job | transactions per job | wall | others' CPU share |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
var results = new List<DrainResult>();
for (int round = 1; round <= rounds; round++)
    foreach (var contender in contenders)
    {
        var r = await DrainRun.RunAsync(admin, course, contender, jobs, statements);
        results.Add(r);
        Console.WriteLine($"| {round} | {r.Contender} | {r.Jobs} | {r.JobsPerSecond:F0} | {r.DotnetMs:F2} ms | {r.PostgresMs:F2} ms | " +
                          $"{(r.StatementsPerJob is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "n/a")} | {r.TransactionsPerJob:F2} | " +
                          $"{r.Seconds:F1} s | {r.OthersShare:P0} |");
    }

// Ratios within each round (the runs of one round are minutes apart, so a busy machine weighs on both sides alike).
Console.WriteLine();
Console.WriteLine("| round | ours (concurrency 4) / Hangfire (4 workers): jobs/s | CPU per job | ours (concurrency 16) / Hangfire (16 workers): jobs/s | CPU per job |");
Console.WriteLine("|---:|---:|---:|---:|---:|");
for (int round = 0; round < rounds; round++)
{
    var r = results.Skip(round * contenders.Length).Take(contenders.Length).ToList();
    Console.WriteLine($"| {round + 1} | {Ratio(r[0], r[1])} | {Ratio(r[2], r[3])} |");
}

if (Environment.GetEnvironmentVariable("GRADER_BENCH_STATEMENTS") == "1")
    foreach (var r in results.TakeLast(contenders.Length))
    {
        Console.WriteLine($"\n{r.Contender}: statements per job (the harness's polls included)\n");
        Console.WriteLine("| per job | statement |\n|---:|---|");
        foreach (var (query, calls) in r.Statements.Take(25))
        {
            var oneLine = string.Join(' ', query.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
            Console.WriteLine($"| {calls / (double)r.Jobs:F2} | `{oneLine[..Math.Min(120, oneLine.Length)]}` |");
        }
    }

static string Ratio(DrainResult ours, DrainResult peer) =>
    $"{ours.JobsPerSecond / peer.JobsPerSecond:F1}x | {(peer.DotnetMs + peer.PostgresMs) / (ours.DotnetMs + ours.PostgresMs):F1}x less";
