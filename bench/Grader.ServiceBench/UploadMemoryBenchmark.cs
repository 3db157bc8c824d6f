using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Grader.ServiceBench;

/// <summary>
/// Issue 14: the API's resident memory while <c>clients</c> students upload a 64 MiB model each at
/// once (the answers file with a model for rptu-dl-ex2), and after. The API is a `grader serve`
/// process of its own (GRADER_BENCH_CLI picks the build); its peak is the kernel's VmHWM.
/// </summary>
public static class UploadMemoryBenchmark
{
    public static async Task RunAsync(string admin, int clients, int megabytes)
    {
        await using var database = await BenchDatabase.CreateAsync(admin);
        var tokens = await CliServer.SeedAsync(database.ConnectionString, "rptu-dl-ex2", "rptu", clients);
        await using var server = await CliServer.StartAsync(database.ConnectionString, "--rate-limit", "100000");
        var answers = await File.ReadAllBytesAsync(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../reference/rptu-dl-ex2/solution.yaml")));
        var idle = server.Memory();

        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(10) };
        var clock = Stopwatch.StartNew();
        var uploads = tokens.Select((token, i) => Task.Run(() => UploadAsync(http, token, answers, megabytes, seed: i))).ToArray();
        double sampledPeak = 0;
        while (!Task.WhenAll(uploads).IsCompleted)
        {
            sampledPeak = Math.Max(sampledPeak, server.Memory().Rss);
            await Task.Delay(20);
        }
        var statuses = await Task.WhenAll(uploads);
        double seconds = clock.Elapsed.TotalSeconds;
        var done = server.Memory();
        await Task.Delay(TimeSpan.FromSeconds(10));
        var settled = server.Memory();

        Console.WriteLine($"build: {CliServer.Binary}");
        Console.WriteLine($"{clients} parallel uploads of a {megabytes} MiB model: {statuses.Count(s => s == HttpStatusCode.Accepted)} accepted " +
                          $"({string.Join(",", statuses.Distinct())}) in {seconds:F1} s");
        Console.WriteLine($"API resident memory: idle {idle.Rss:F0} MiB, peak {done.Peak:F0} MiB (sampled {sampledPeak:F0}), " +
                          $"after {done.Rss:F0} MiB, 10 s later {settled.Rss:F0} MiB");
    }

    private static async Task<HttpStatusCode> UploadAsync(HttpClient http, string token, byte[] answers, int megabytes, int seed)
    {
        using var content = new MultipartFormDataContent();
        var answersPart = new ByteArrayContent(answers);
        answersPart.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        content.Add(answersPart, "answers", "answers.yaml");
        var model = new StreamContent(new PatternStream(megabytes << 20, seed));
        model.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(model, "model:2.4.cifar10", "model.onnx");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/assignments/rptu-dl-ex2/submissions") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Distinct bytes per upload without holding them: the client's memory is not what is measured.</summary>
    private sealed class PatternStream(long length, int seed) : Stream
    {
        private long position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, length - position);
            for (int i = 0; i < n; i++) buffer[offset + i] = (byte)((position + i) * 31 + seed * 7 + ((position + i) >> 12));
            position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
