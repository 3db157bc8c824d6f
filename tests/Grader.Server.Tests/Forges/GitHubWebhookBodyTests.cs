using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Grader.Server.Tests.Forges;

/// <summary>
/// Deliveries whose body never arrives whole (stalled, cut short, broken chunked framing), sent
/// over a raw socket since HttpClient always completes a body: the webhook answers 400 where an
/// answer can still reach the sender, as the upload endpoint does, and logs one warning line, never
/// a 500 with a stack trace; no signature is checked on a body that was never read.
/// </summary>
public sealed class GitHubWebhookBodyTests(GitHubFixture server) : IClassFixture<GitHubFixture>
{
    [Fact]
    public async Task A_body_cut_short_by_the_sender_is_logged_in_one_line_without_a_stack_trace()
    {
        int logged = server.Logs.Entries.Count;
        using var socket = await SendHeadAndSomeBodyAsync("Content-Length: 4000");
        var stream = socket.GetStream();

        // The sender stops mid-body (40 of 4,000 bytes): Kestrel takes the half-close for a client
        // that has gone, so no answer can reach it; what is left to see is the log.
        socket.Client.Shutdown(SocketShutdown.Send);

        await AssertOneWarningWithoutStackTraceAsync(logged);
    }

    [Fact]
    public async Task A_body_with_broken_chunked_framing_is_a_400_with_one_log_line()
    {
        int logged = server.Logs.Entries.Count;
        using var socket = await SendHeadAndSomeBodyAsync("Transfer-Encoding: chunked", "28\r\n", "\r\nnot-a-chunk-size\r\n");

        Assert.Equal(400, await ReadStatusAsync(socket.GetStream()));
        await AssertOneWarningWithoutStackTraceAsync(logged);
    }

    [Fact]
    public async Task A_body_that_stalls_is_a_400_once_kestrel_gives_up_on_it_with_one_log_line()
    {
        int logged = server.Logs.Entries.Count;
        using var socket = await SendHeadAndSomeBodyAsync("Content-Length: 4000");

        // Nothing more is sent: Kestrel's minimum body data rate (240 bytes/s after a 5 s grace
        // period) ends the read; the answer is awaited for up to 30 s.
        Assert.Equal(400, await ReadStatusAsync(socket.GetStream()));
        await AssertOneWarningWithoutStackTraceAsync(logged);
    }

    private async Task AssertOneWarningWithoutStackTraceAsync(int loggedBefore)
    {
        var entries = await Poll.ObserveUntilAsync(() => server.Logs.Entries.Skip(loggedBefore).ToList(),
            logged => logged.Any(e => e.Message.Contains("body could not be read")), TimeSpan.FromSeconds(10), intervalMs: 50);
        var line = Assert.Single(entries, e => e.Message.Contains("github webhook"));
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("body could not be read", line.Message);
        Assert.DoesNotContain(entries, e => e.Exception is not null || e.Level >= LogLevel.Error);
    }

    /// <summary>A signed-looking push delivery's head with <paramref name="framing"/>, then 40 bytes of its body.</summary>
    private async Task<TcpClient> SendHeadAndSomeBodyAsync(string framing, string beforeBody = "", string afterBody = "")
    {
        var client = new TcpClient();
        await client.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var head = "POST /api/v1/hooks/github HTTP/1.1\r\n" +
                   $"Host: {server.BaseAddress.Authority}\r\n" +
                   "Content-Type: application/json\r\n" +
                   framing + "\r\n" +
                   "X-GitHub-Event: push\r\n" +
                   $"X-GitHub-Delivery: {Guid.NewGuid()}\r\n" +
                   "X-Hub-Signature-256: sha256=" + new string('0', 64) + "\r\n" +
                   "Connection: close\r\n\r\n" +
                   beforeBody + "{\"ref\":\"refs/heads/main\",\"after\":\"0123456" + afterBody;
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
        return client;
    }

    /// <summary>The status code of the answer, read until the server closes or 30 s have passed.</summary>
    private static async Task<int> ReadStatusAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        try
        {
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0) answer.Write(buffer, 0, read);
        }
        catch (IOException) when (answer.Length > 0) { } // reset after the answer was sent
        var text = Encoding.ASCII.GetString(answer.ToArray());
        Assert.StartsWith("HTTP/1.1 ", text);
        return int.Parse(text.AsSpan(9, 3));
    }
}
