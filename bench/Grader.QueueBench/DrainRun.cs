using Grader.ServiceBench;
using Npgsql;

namespace Grader.QueueBench;

/// <summary>One contender's drain of one backlog: wall time, CPU split .NET / PostgreSQL, statements and transactions.</summary>
public sealed record DrainResult(string Contender, int Jobs, double Seconds, double DotnetMs, double PostgresMs,
    double? StatementsPerJob, double TransactionsPerJob, double OthersShare, IReadOnlyList<(string Query, long Calls)> Statements)
{
    public double JobsPerSecond => Jobs / Seconds;
}

/// <summary>
/// A fresh database with <c>jobs</c> queued submissions, then the contender's workers started and
/// timed until every job is finished. The finished jobs are counted by one statement every 50 ms on
/// a connection of this harness; those polls are taken off the statement and transaction counts.
/// </summary>
public static class DrainRun
{
    public static async Task<DrainResult> RunAsync(string admin, BenchCourse course, IContender contender, int jobs, bool statements)
    {
        await using var database = await BenchDatabase.CreateAsync(admin);
        var ids = await SubmissionSeeder.SeedAsync(database.ConnectionString, course, jobs, contender.EnqueuesWithSubmissions);
        await contender.EnqueueAsync(database.ConnectionString, ids);
        string name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;

        var before = await DatabaseCounters.ReadAsync(admin, name, statements);
        int polls = 0;
        CpuReading used;
        // Unpooled: a pooled connection would stay open after the run, and the counters wait for none.
        await using (var poller = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await poller.OpenAsync();
            var cpu = new CpuMeter();
            var workers = await contender.StartAsync(database.ConnectionString);
            await using (var finished = new NpgsqlCommand(contender.FinishedJobsSql, poller))
                while (true)
                {
                    polls++;
                    if (Convert.ToInt64(await finished.ExecuteScalarAsync()) >= jobs) break;
                    await Task.Delay(50);
                }
            used = cpu.Read();
            await workers.DisposeAsync();
        }
        var after = await DatabaseCounters.ReadAsync(admin, name, statements);
        return new DrainResult(contender.Name, jobs, used.Wall, used.Process * 1000 / jobs, used.Postgres * 1000 / jobs,
            statements ? (after.Statements - before.Statements - polls) / (double)jobs : null,
            (after.Transactions - before.Transactions - polls) / (double)jobs, used.OthersShare,
            DatabaseCounters.Between(before, after).ToList());
    }
}
