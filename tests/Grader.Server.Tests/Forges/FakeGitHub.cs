using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Grader.Server.Tests.Forges;

/// <summary>One request the fake GitHub received.</summary>
public sealed record RecordedCall(string Method, string Path, string Query, string? Authorization, string? Accept, string Body, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// A fake GitHub REST API on loopback (real HTTP, Kestrel): serves files by repository, commit and
/// path through the contents API (raw media type), answers repository look-ups, accepts commit
/// statuses and App installation-token requests, records every call, and can be told to fail the
/// next matching calls (500, or 403 rate-limited with Retry-After / X-RateLimit-Reset).
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> files = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> repositories = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<(string PathContains, int Status, Dictionary<string, string> Headers)> faults = new();
    private WebApplication? app;

    public ConcurrentQueue<RecordedCall> Calls { get; } = new();
    public Uri Url { get; private set; } = null!;
    public string InstallationToken { get; } = "ghs_installation_" + Guid.NewGuid().ToString("N")[..8];

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        app = builder.Build();
        app.Map("/{**path}", HandleAsync);
        await app.StartAsync();
        Url = new Uri(app.Urls.First() + "/");
    }

    public void AddFile(string repo, string sha, string path, byte[] content)
    {
        repositories[repo] = true;
        files[$"{repo}@{sha}:{path}"] = content;
    }

    public void AddRepository(string repo) => repositories[repo] = true;

    /// <summary>The next call whose path contains <paramref name="pathContains"/> gets this answer instead.</summary>
    public void FailNext(string pathContains, int status, Dictionary<string, string>? headers = null) =>
        faults.Enqueue((pathContains, status, headers ?? []));

    public IReadOnlyList<RecordedCall> CallsTo(string pathContains) => Calls.Where(c => c.Path.Contains(pathContains, StringComparison.Ordinal)).ToList();

    private async Task HandleAsync(HttpContext http)
    {
        string body;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        var path = http.Request.Path.Value ?? "";
        Calls.Enqueue(new RecordedCall(http.Request.Method, path, http.Request.QueryString.Value ?? "",
            http.Request.Headers.Authorization.ToString(), http.Request.Headers.Accept.ToString(), body, DateTimeOffset.UtcNow));

        if (faults.TryPeek(out var fault) && path.Contains(fault.PathContains, StringComparison.Ordinal) && faults.TryDequeue(out fault))
        {
            http.Response.StatusCode = fault.Status;
            foreach (var (name, value) in fault.Headers) http.Response.Headers[name] = value;
            await http.Response.WriteAsJsonAsync(new { message = fault.Status == 403 ? "API rate limit exceeded" : "Server Error" });
            return;
        }

        var segments = path.Trim('/').Split('/');
        if (http.Request.Method == "POST" && segments is ["app", "installations", _, "access_tokens"])
        {
            http.Response.StatusCode = 201;
            await http.Response.WriteAsJsonAsync(new { token = InstallationToken, expires_at = DateTimeOffset.UtcNow.AddHours(1) });
            return;
        }
        if (segments.Length < 3 || segments[0] != "repos")
        {
            http.Response.StatusCode = 404;
            return;
        }
        string repo = Uri.UnescapeDataString(segments[1]) + "/" + Uri.UnescapeDataString(segments[2]);
        if (!repositories.ContainsKey(repo))
        {
            http.Response.StatusCode = 404;
            await http.Response.WriteAsJsonAsync(new { message = "Not Found" });
            return;
        }
        if (http.Request.Method == "GET" && segments.Length == 3)
        {
            await http.Response.WriteAsJsonAsync(new { full_name = repo });
            return;
        }
        if (http.Request.Method == "GET" && segments.Length > 4 && segments[3] == "contents")
        {
            string filePath = string.Join('/', segments.Skip(4).Select(Uri.UnescapeDataString));
            if (files.TryGetValue($"{repo}@{http.Request.Query["ref"]}:{filePath}", out var content)
                && http.Request.Headers.Accept.ToString() == "application/vnd.github.raw")
            {
                http.Response.ContentType = "application/vnd.github.raw";
                await http.Response.Body.WriteAsync(content);
                return;
            }
            http.Response.StatusCode = 404;
            await http.Response.WriteAsJsonAsync(new { message = "Not Found" });
            return;
        }
        if (http.Request.Method == "POST" && segments.Length == 5 && segments[3] == "statuses")
        {
            http.Response.StatusCode = 201;
            await http.Response.WriteAsync(body);
            return;
        }
        http.Response.StatusCode = 404;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }
}
