using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Grader.Core.Checking;
using Grader.Data;
using Grader.Data.Admin;
using Grader.Data.Entities;
using Grader.Data.Marks;
using Grader.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Grader.DashboardBench;

/// <summary>
/// Usage: GRADER_DB=... dotnet run -c Release --project bench/Grader.DashboardBench [requests] [students] [items]
/// Seeds a fresh database through the data layer (a synthetic rubric whose last item is a text item
/// graded by three criteria, students with one to three submissions each, every item marked, a
/// third of the text answers graded by hand, one in ten the same as another), starts the real
/// server on loopback (no worker), signs a TA in and requests the gradebook, then the manual-grading
/// page of the text item (the next ungraded answer; an answer in the middle of the queue), each the
/// given number of times, one at a time, after 10 warm-ups.
/// </summary>
public static partial class GradebookBenchmark
{
    private const string Course = "bench";
    private const string Assignment = "bench-hw";
    private const string Password = "benchmark password";

    public static async Task<int> RunAsync(string[] args)
    {
        var admin = Environment.GetEnvironmentVariable("GRADER_DB") ?? throw new InvalidOperationException("set GRADER_DB");
        int requests = args.Length > 0 ? int.Parse(args[0]) : 200;
        int students = args.Length > 1 ? int.Parse(args[1]) : 500;
        int items = args.Length > 2 ? int.Parse(args[2]) : 30;

        var name = "grader_dash_" + Guid.NewGuid().ToString("N")[..8];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        try
        {
            await using var app = GraderServer.Build(new ServerSettings
            {
                ConnectionString = connectionString,
                Urls = ["http://127.0.0.1:0"],
            });
            await app.StartAsync();
            var contexts = app.Services.GetRequiredService<IDbContextFactory<GraderDbContext>>();
            var seeding = Stopwatch.StartNew();
            var (submissions, marks) = await SeedAsync(contexts, students, items);
            Console.WriteLine($"seeded {students} students, {submissions} submissions, {marks} marks in {seeding.Elapsed.TotalSeconds:F1} s");

            using var http = await SignInAsync(new Uri(app.Urls.First()));
            int rows = 0;
            for (int i = 0; i < 10; i++) rows = await GetGradebookAsync(http);
            var times = await TimeAsync(requests, async () => rows = await GetGradebookAsync(http));
            Console.WriteLine($"| page | students | items | rows | requests | p50 | p95 | max |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine($"| gradebook | {students} | {items} | {rows} | {requests} | {P(times, 50):F1} ms | {P(times, 95):F1} ms | {times.Max():F1} ms |");

            var text = $"/staff/assignments/{Assignment}/manual/{TextItem(items)}";
            // A quarter down the queue, by the page's own "Next" links.
            var middle = text;
            for (int i = 0; i < students / 4; i++)
                middle = WebUtility.HtmlDecode(NextLink().Match(await http.GetStringAsync(middle)).Groups[1].Value);
            foreach (var (label, path) in new[] { ("grading: next ungraded", text), ("grading: an answer mid-queue", middle) })
            {
                for (int i = 0; i < 10; i++) await GetPageAsync(http, path);
                var grading = await TimeAsync(requests, () => GetPageAsync(http, path));
                Console.WriteLine($"| {label} | {students} | {items} | 1 | {requests} | {P(grading, 50):F1} ms | {P(grading, 95):F1} ms | {grading.Max():F1} ms |");
            }
            if (Environment.GetEnvironmentVariable("BENCH_SPLIT") is not null)
            {
                // The same queries and building, but no row to render: what the page costs without its HTML.
                var empty = new List<double>();
                for (int i = 0; i < requests; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await GetGradebookAsync(http, "?q=nobody");
                    empty.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                Console.WriteLine($"| no rows rendered | | 0 | {requests} | {P(empty, 50):F1} ms | {P(empty, 95):F1} ms | {empty.Max():F1} ms |");
            }
            await app.StopAsync();
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection).ExecuteNonQueryAsync();
        }
    }

    private static async Task<List<double>> TimeAsync(int requests, Func<Task> request)
    {
        var times = new List<double>();
        for (int i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await request();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return times;
    }

    private static string TextItem(int items) => $"q{items:D2}";

    private static readonly string[] Criteria = ["States the reason", "Gives an example", "Sloppy notation"];

    /// <summary>
    /// Every student submits one to three times (a fixed pseudo-random pattern); each submission is
    /// graded with all items marked: the last item is a text item whose answers wait for a TA, a
    /// third of them graded by hand with ticked criteria.
    /// </summary>
    private static async Task<(int Submissions, int Marks)> SeedAsync(IDbContextFactory<GraderDbContext> contexts, int students, int items)
    {
        var yaml = new StringBuilder($"id: {Assignment}\ntitle: Benchmark homework\ntotal: {items}\ncounts: best\nitems:\n");
        for (int i = 0; i < items - 1; i++) yaml.Append($"  - {{ id: q{i + 1:D2}, points: 1, kind: vector, expected: [1, 2, 3] }}\n");
        yaml.Append($"  - id: {TextItem(items)}\n    points: 1\n    kind: text\n    model_answer: Because.\n    criteria:\n" +
                    $"      - {{ description: {Criteria[0]}, points: 0.5 }}\n      - {{ description: {Criteria[1]}, points: 0.5 }}\n" +
                    $"      - {{ description: {Criteria[2]}, points: -0.25 }}\n");
        var imported = await RubricImporter.ImportAsync(contexts, yaml.ToString(), "bench.yaml", Course, CancellationToken.None);
        if (!imported.Success) throw new InvalidOperationException(string.Join("\n", imported.Problems));
        await StaffDirectory.AddAsync(contexts, Course, "ta", "TA", "ta", Password, CancellationToken.None);

        await using var db = await contexts.CreateDbContextAsync();
        var versionId = (await db.Assignments.SingleAsync(a => a.Id == Assignment)).CurrentVersionId!.Value;
        var staffId = (await db.Staff.SingleAsync(s => s.ExternalId == "ta")).Id;
        var criteria = Criteria.Select((c, i) => new ItemCriterion
        {
            AssignmentId = Assignment, ItemId = TextItem(items), Position = i + 1, Description = c, FromRubric = c, Points = i < 2 ? 0.5 : -0.25,
        }).ToList();
        db.ItemCriteria.AddRange(criteria);
        await db.SaveChangesAsync();
        var people = Enumerable.Range(0, students)
            .Select(s => new Student { CourseId = Course, ExternalId = $"s{s:D5}", Name = $"Student {s}", IndexNumber = $"{100000 + s}" }).ToList();
        db.Students.AddRange(people);
        await db.SaveChangesAsync();

        var random = new Random(42);
        var deadline = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        int submissionCount = 0, markCount = 0;
        foreach (var chunk in people.Chunk(50))
        {
            db.ChangeTracker.Clear();
            foreach (var student in chunk)
            {
                int count = 1 + random.Next(3);
                for (int n = 0; n < count; n++)
                {
                    var at = deadline.AddHours(-48 + random.Next(60));
                    var submission = new Submission
                    {
                        Id = Guid.NewGuid(), AssignmentId = Assignment, RubricVersionId = versionId, StudentId = student.Id,
                        SubmittedAt = at, IsLate = at > deadline, Status = SubmissionStatus.Graded, GradedAt = at.AddSeconds(1),
                    };
                    db.Submissions.Add(submission);
                    submissionCount++;
                    var essay = MarkMapping.ToMark(new ItemResult(TextItem(items), 0, 1, false, MarkStatus.PendingManual, "Awaiting grading by a TA.",
                        new ItemDetails(null, random.Next(10) == 0 ? "The same short answer." : $"Answer {random.Next()} of student {student.ExternalId}.")), versionId);
                    essay.SubmissionId = submission.Id;
                    if (random.Next(3) == 0)
                    {
                        essay.Result = "partial"; essay.Source = MarkSources.Manual; essay.Points = 0.5; essay.Adjustment = 0; essay.GradedBy = staffId;
                        essay.Feedback = "Half of it.";
                    }
                    db.Marks.Add(essay);
                    markCount++;
                    for (int i = 0; i < items - 1; i++)
                    {
                        bool right = random.NextDouble() < 0.7;
                        var details = new ItemDetails("[1, 2, 3]", right ? "[1, 2, 3]" : "[1, 2, 4]", [3], right ? [] : [2]);
                        var mark = MarkMapping.ToMark(new ItemResult($"q{i + 1:D2}", right ? 1 : 0, 1, false,
                            right ? MarkStatus.Correct : MarkStatus.Incorrect, right ? "Correct." : "2 of 3 entries are right.", details), versionId);
                        mark.SubmissionId = submission.Id;
                        db.Marks.Add(mark);
                        markCount++;
                    }
                }
            }
            await db.SaveChangesAsync();
        }
        // The hand-graded answers have the first criterion ticked.
        await db.Database.ExecuteSqlAsync($"INSERT INTO mark_criteria (mark_id, criterion_id) SELECT id, {criteria[0].Id} FROM marks WHERE adjustment IS NOT NULL");
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        return (submissionCount, markCount);
    }

    private static async Task<HttpClient> SignInAsync(Uri baseAddress)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var login = await http.GetStringAsync("/login");
        var token = WebUtility.HtmlDecode(TokenInput().Match(login).Groups[1].Value);
        using var response = await http.PostAsync("/login?handler=Staff", new FormUrlEncodedContent(
            [KeyValuePair.Create("Login", "ta"), KeyValuePair.Create("Password", Password), KeyValuePair.Create("__RequestVerificationToken", token)]));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in: {(int)response.StatusCode}");
        return http;
    }

    private static async Task GetPageAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
        await response.Content.ReadAsStringAsync();
    }

    /// <summary>Requests the gradebook and returns how many student rows it has.</summary>
    private static async Task<int> GetGradebookAsync(HttpClient http, string query = "")
    {
        using var response = await http.GetAsync($"/staff/assignments/{Assignment}{query}");
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"gradebook: {(int)response.StatusCode}");
        return StudentRow().Count(await response.Content.ReadAsStringAsync());
    }

    private static double P(List<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    [GeneratedRegex(@"href=""([^""]+)"" data-key=""n"" id=""next""")]
    private static partial Regex NextLink();

    [GeneratedRegex("data-student=")]
    private static partial Regex StudentRow();
}
