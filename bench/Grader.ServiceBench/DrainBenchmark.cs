using Grader.Data;
using Grader.Data.Entities;
using Grader.Server.Hosting;
using Grader.Worker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Grader.ServiceBench;

/// <summary>
/// The two halves of the service measured apart, so each one's cost is visible: first the API
/// alone takes <c>uploads</c> uploads from <c>clients</c> concurrent clients (no worker running);
/// then a worker (the <c>grader worker</c> host, in this process) grades the backlog. Each phase
/// reports its rate and the CPU it cost per submission, in .NET and in PostgreSQL, and how many
/// methods the JIT compiled meanwhile. The cycle runs twice: the first one, in a cold process,
/// is mostly JIT compilation; the second shows what a server that has been up a while pays.
/// </summary>
public static class DrainBenchmark
{
    public static async Task RunAsync(string admin, int uploads, int clients, WorkerSettings worker)
    {
        var course = await BenchCourse.ReadAsync();
        await using var database = await BenchDatabase.CreateAsync(admin);
        var settings = BenchServer.Settings(database.ConnectionString);
        await using var app = GraderServer.Build(settings);
        await app.StartAsync();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<GraderDbContext>>();
        var tokens = await course.SetUpAsync(contexts, clients);

        Console.WriteLine("| cycle | phase | submissions | per second | p50 | p99 | CPU per submission: .NET | PostgreSQL | allocated per submission | methods JIT-compiled | wall | others' CPU share |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var cycle in new[] { "1 (cold process)", "2" })
        {
            var cpu = new CpuMeter();
            long jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
            long allocated = GC.GetTotalAllocatedBytes();
            var latencies = await UploadClients.RunAsync(new Uri(app.Urls.First()), BenchCourse.Assignment, course.Answers, tokens,
                TimeSpan.FromHours(1), uploads);
            var upload = cpu.Read();
            Console.WriteLine($"| {cycle} | upload ({clients} clients, no worker) | {latencies.Count} | {latencies.Count / upload.Wall:F0} | " +
                              $"{UploadClients.Percentile(latencies, 50):F1} ms | {UploadClients.Percentile(latencies, 99):F1} ms | " +
                              Costs(upload, latencies.Count, jitted, allocated));

            cpu = new CpuMeter();
            jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
            allocated = GC.GetTotalAllocatedBytes();
            // The worker shares the API's data source, as in `grader serve --worker`: EF Core then
            // keeps its compiled queries between the cycles' worker hosts, as one long-lived worker would.
            using var host = WorkerHost.Build(database.ConnectionString, worker, settings.Queue, services => services
                .AddSingleton(app.Services.GetRequiredService<NpgsqlDataSource>())
                .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)));
            await host.StartAsync();
            await using (var db = await contexts.CreateDbContextAsync())
                while (await db.Submissions.CountAsync(s => s.Status != SubmissionStatus.Graded) > 0) await Task.Delay(50);
            var grade = cpu.Read();
            await host.StopAsync();
            Console.WriteLine($"| {cycle} | grade (worker, concurrency {worker.Concurrency}) | {latencies.Count} | {latencies.Count / grade.Wall:F0} | | | " +
                              Costs(grade, latencies.Count, jitted, allocated));
        }
        await app.StopAsync();
    }

    private static string Costs(CpuReading used, int submissions, long jittedBefore, long allocatedBefore) =>
        $"{used.Process * 1000 / submissions:F2} ms | {used.Postgres * 1000 / submissions:F2} ms | " +
        $"{(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0 / submissions:F0} KiB | " +
        $"{System.Runtime.JitInfo.GetCompiledMethodCount() - jittedBefore} | {used.Wall:F1} s | {used.OthersShare:P0} |";
}
