using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Queue;
using Grader.Server.Hosting;
using Grader.Worker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grader.ServiceBench;

/// <summary>
/// For each client count: a fresh database, the API with an in-process worker on loopback, and
/// that many clients uploading numeric-only submissions for the given seconds; then waits until
/// every upload is graded. Prints one Markdown table row per client count. A first round of
/// <c>warmUpSeconds</c> with 16 clients is run and not reported: a server that has been up a
/// while no longer compiles its code, and the first seconds of a process are mostly the JIT's
/// (DrainBenchmark shows by how much).
/// </summary>
public static class ServiceBenchmark
{
    public static async Task RunAsync(string admin, int seconds, int[] clientCounts, WorkerSettings worker, int warmUpSeconds)
    {
        var course = await BenchCourse.ReadAsync();
        if (warmUpSeconds > 0)
            Console.Error.WriteLine($"warm-up, not reported: {await RunOnceAsync(admin, course, 16, TimeSpan.FromSeconds(warmUpSeconds), worker)}");
        Console.WriteLine("| clients | uploads | uploads/s | graded/s | upload p50 | upload p99 | upload-to-marks p50 | upload-to-marks p99 | CPU per graded upload: .NET + PostgreSQL | others' CPU share |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int clients in clientCounts)
            Console.WriteLine(await RunOnceAsync(admin, course, clients, TimeSpan.FromSeconds(seconds), worker));
    }

    private static async Task<string> RunOnceAsync(string admin, BenchCourse course, int clients, TimeSpan duration, WorkerSettings worker)
    {
        await using var database = await BenchDatabase.CreateAsync(admin);
        await using var app = BenchServer.Build(database.ConnectionString, worker);
        await app.StartAsync();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<GraderDbContext>>();
        var tokens = await course.SetUpAsync(contexts, clients);

        var cpu = new CpuMeter();
        var latencies = await UploadClients.RunAsync(new Uri(app.Urls.First()), BenchCourse.Assignment, course.Answers, tokens, duration);
        var uploadSeconds = cpu.Read().Wall;

        await using var db = await contexts.CreateDbContextAsync();
        while (await db.Submissions.CountAsync(s => s.Status != SubmissionStatus.Graded) > 0) await Task.Delay(50);
        var used = cpu.Read();
        var times = await db.Submissions.Select(s => new { s.SubmittedAt, s.GradedAt }).ToListAsync();
        var first = times.Min(t => t.SubmittedAt);
        var last = times.Max(t => t.GradedAt!.Value);
        var toMarks = times.Select(t => (t.GradedAt!.Value - t.SubmittedAt).TotalMilliseconds).ToList();
        await app.StopAsync();
        return $"| {clients} | {times.Count} | {times.Count / uploadSeconds:F0} | {times.Count / (last - first).TotalSeconds:F0} | " +
               $"{UploadClients.Percentile(latencies, 50):F1} ms | {UploadClients.Percentile(latencies, 99):F1} ms | " +
               $"{UploadClients.Percentile(toMarks, 50):F0} ms | {UploadClients.Percentile(toMarks, 99):F0} ms | " +
               $"{used.Process * 1000 / times.Count:F2} + {used.Postgres * 1000 / times.Count:F2} ms | {used.OthersShare:P0} |";
    }
}
