using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Grader.Data;
using Grader.Data.Admin;
using Grader.Data.Entities;
using Grader.Data.Queue;
using Grader.Server.Api.Submissions;
using Grader.Server.Hosting;
using Grader.Server.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Grader.ServiceBench;

/// <summary>
/// Usage: GRADER_DB=... dotnet run -c Release --project bench/Grader.ServiceBench [seconds] [clients...]
/// For each client count: a fresh database, the API with an in-process worker on loopback, and
/// that many clients uploading numeric-only submissions (ai6126-hw1 model solution, each made
/// unique) for the given seconds; then waits until every upload is graded.
/// </summary>
public static class ServiceBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var admin = Environment.GetEnvironmentVariable("GRADER_DB") ?? throw new InvalidOperationException("set GRADER_DB");
        int seconds = args.Length > 0 ? int.Parse(args[0]) : 10;
        int[] clientCounts = args.Length > 1 ? args[1..].Select(int.Parse).ToArray() : [1, 16, 128];
        var root = FindRoot();
        var rubric = await File.ReadAllTextAsync(Path.Combine(root, "rubrics/ai6126-hw1.yaml"));
        var answers = await File.ReadAllTextAsync(Path.Combine(root, "reference/ai6126-hw1/solution.yaml"));
        Console.WriteLine($"| clients | uploads | uploads/s | graded/s | upload p50 | upload p99 | upload-to-marks p50 | upload-to-marks p99 |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int clients in clientCounts)
            Console.WriteLine(await RunOnceAsync(admin, rubric, answers, clients, TimeSpan.FromSeconds(seconds)));
        return 0;
    }

    private static async Task<string> RunOnceAsync(string admin, string rubric, string answers, int clients, TimeSpan duration)
    {
        var name = "grader_bench_" + Guid.NewGuid().ToString("N")[..8];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 200 }.ConnectionString;
        try
        {
            await using var app = GraderServer.Build(new ServerSettings
            {
                ConnectionString = connectionString,
                Urls = ["http://127.0.0.1:0"],
                RateLimits = new RateLimits { RequestsPerSecond = 100_000, Burst = 100_000 },
                Queue = new QueueOptions { PollInterval = TimeSpan.FromMilliseconds(200) },
                Worker = new WorkerSettings { Concurrency = 4, Name = "bench" },
            });
            await app.StartAsync();
            var contexts = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<GraderDbContext>>();
            await RubricImporter.ImportAsync(contexts, rubric, "ai6126-hw1.yaml", "ai6126", CancellationToken.None);
            var tokens = new List<string>();
            for (int c = 0; c < clients; c++)
                tokens.Add((await PeopleDirectory.AddStudentAsync(contexts, "ai6126", $"s{c}", $"Student {c}", null, CancellationToken.None)).Token);

            var baseAddress = new Uri(app.Urls.First());
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1000 };
            var uploadLatencies = new List<double>();
            var clock = Stopwatch.StartNew();
            var stopAt = clock.Elapsed + duration;
            await Task.WhenAll(tokens.Select((token, c) => Task.Run(async () =>
            {
                using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var mine = new List<double>();
                for (int i = 0; clock.Elapsed < stopAt; i++)
                {
                    var content = new MultipartFormDataContent();
                    var file = new StringContent(answers + $"\n# client {c} upload {i}\n");
                    file.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
                    content.Add(file, "answers", "answers.yaml");
                    var started = clock.Elapsed;
                    using var response = await http.PostAsync("/api/v1/assignments/ai6126-hw1/submissions", content);
                    if ((int)response.StatusCode != 202) throw new InvalidOperationException($"upload: {(int)response.StatusCode}");
                    mine.Add((clock.Elapsed - started).TotalMilliseconds);
                }
                lock (uploadLatencies) uploadLatencies.AddRange(mine);
            })));
            var uploadSeconds = clock.Elapsed.TotalSeconds;

            await using var db = await contexts.CreateDbContextAsync();
            while (await db.Submissions.CountAsync(s => s.Status != SubmissionStatus.Graded) > 0) await Task.Delay(50);
            var times = await db.Submissions.Select(s => new { s.SubmittedAt, s.GradedAt }).ToListAsync();
            var first = times.Min(t => t.SubmittedAt);
            var last = times.Max(t => t.GradedAt!.Value);
            var toMarks = times.Select(t => (t.GradedAt!.Value - t.SubmittedAt).TotalMilliseconds).ToList();
            await app.StopAsync();
            return $"| {clients} | {times.Count} | {times.Count / uploadSeconds:F0} | {times.Count / (last - first).TotalSeconds:F0} | " +
                   $"{P(uploadLatencies, 50):F1} ms | {P(uploadLatencies, 99):F1} ms | {P(toMarks, 50):F0} ms | {P(toMarks, 99):F0} ms |";
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection).ExecuteNonQueryAsync();
        }
    }

    private static double P(List<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) return dir.FullName;
        throw new InvalidOperationException("Grader.sln not found");
    }
}
