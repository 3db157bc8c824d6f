using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Grader.ServiceBench;

/// <summary>
/// Issue 14: <c>attackers</c> clients send wrong staff passwords as fast as answers come back
/// (PBKDF2, ~0.7 s of CPU each) while a student polls the API; the student's latency with and
/// without the flood, and what the sign-ins were answered. The API is a `grader serve` process
/// (GRADER_BENCH_CLI picks the build).
/// </summary>
public static partial class SignInFloodBenchmark
{
    public static async Task RunAsync(string admin, int attackers, int seconds)
    {
        await using var database = await BenchDatabase.CreateAsync(admin);
        var tokens = await CliServer.SeedAsync(database.ConnectionString, "ai6126-hw1", "ai6126", 1);
        await CliServer.AddStaffAsync(database.ConnectionString, "ai6126", "ta", "correct horse battery");
        await using var server = await CliServer.StartAsync(database.ConnectionString, "--rate-limit", "100000");
        using var api = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", tokens[0]);

        var quiet = await ProbeAsync(api, TimeSpan.FromSeconds(seconds / 2.0), CancellationToken.None);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var answers = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var flood = Enumerable.Range(0, attackers).Select(i => Task.Run(() => AttackAsync(server.Address, i, answers, stop.Token))).ToArray();
        await Task.Delay(500);
        var loaded = await ProbeAsync(api, TimeSpan.FromSeconds(seconds - 1), CancellationToken.None);
        await Task.WhenAll(flood);

        Console.WriteLine($"build: {CliServer.Binary}");
        Console.WriteLine($"student API requests, quiet: {Describe(quiet)}");
        Console.WriteLine($"student API requests, {attackers} clients sending wrong passwords for {seconds} s: {Describe(loaded)}");
        Console.WriteLine("sign-in answers: " + string.Join(", ", answers.GroupBy(a => a).OrderBy(g => g.Key).Select(g => $"{(int)g.Key}: {g.Count()}")));
    }

    private static string Describe(List<double> ms)
    {
        ms.Sort();
        double P(double q) => ms[Math.Min(ms.Count - 1, (int)(q * ms.Count))];
        return $"{ms.Count} requests, p50 {P(0.5):F0} ms, p95 {P(0.95):F0} ms, max {ms[^1]:F0} ms";
    }

    private static async Task<List<double>> ProbeAsync(HttpClient api, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var end = Stopwatch.StartNew();
        while (end.Elapsed < duration)
        {
            var clock = Stopwatch.StartNew();
            using var response = await api.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}", cancellationToken);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            await Task.Delay(50, cancellationToken);
        }
        return latencies;
    }

    private static async Task AttackAsync(Uri address, int attacker, System.Collections.Concurrent.ConcurrentBag<HttpStatusCode> answers, CancellationToken stop)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
            { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        try
        {
            var form = await http.GetStringAsync("/login", stop);
            var token = WebUtility.HtmlDecode(TokenInput().Match(form).Groups[1].Value);
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                using var response = await http.PostAsync("/login?handler=Staff", new FormUrlEncodedContent(
                [
                    KeyValuePair.Create("Login", "ta"), KeyValuePair.Create("Password", $"guess {attacker} {i}"),
                    KeyValuePair.Create("__RequestVerificationToken", token),
                ]), stop);
                answers.Add(response.StatusCode);
            }
        }
        catch (OperationCanceledException) { }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
