using System.Diagnostics;
using System.Net.Http.Headers;

namespace Grader.ServiceBench;

/// <summary>
/// Concurrent students uploading the same answers file, each upload made unique, over HTTP, until
/// a time is up or a number of uploads was sent. Returns every upload's latency in milliseconds.
/// </summary>
public static class UploadClients
{
    public static async Task<List<double>> RunAsync(Uri server, string assignment, string answers, IReadOnlyList<string> tokens,
        TimeSpan duration, int maxUploads = int.MaxValue)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1000 };
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        int sent = 0;
        await Task.WhenAll(tokens.Select((token, c) => Task.Run(async () =>
        {
            using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = server };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var mine = new List<double>();
            for (int i = 0; clock.Elapsed < duration && Interlocked.Increment(ref sent) <= maxUploads; i++)
            {
                var content = new MultipartFormDataContent();
                var file = new StringContent(answers + $"\n# client {c} upload {i}\n");
                file.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
                content.Add(file, "answers", "answers.yaml");
                var started = clock.Elapsed;
                using var response = await http.PostAsync($"/api/v1/assignments/{assignment}/submissions", content);
                if ((int)response.StatusCode != 202) throw new InvalidOperationException($"upload: {(int)response.StatusCode}");
                mine.Add((clock.Elapsed - started).TotalMilliseconds);
            }
            lock (latencies) latencies.AddRange(mine);
        })));
        return latencies;
    }

    public static double Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
