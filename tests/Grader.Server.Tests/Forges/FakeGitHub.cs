using System.Collections.Concurrent;
using System.Security.Cryptography;
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
/// A fake GitHub REST API on loopback (real HTTP, Kestrel), answering what Octokit asks as GitHub
/// does: the git trees of a commit (one directory a call, entries with sizes), files by
/// repository, commit and path through the contents API (raw media type), repository look-ups,
/// commit statuses and App installation-token requests. It records every call, and can be told to
/// fail the next matching calls (500, or 403 rate-limited with Retry-After / X-RateLimit-Reset).
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> files = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, long> reportedSizes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> repositories = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (string Repo, string Commit, string Directory)> subtrees = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<(string PathContains, int Status, Dictionary<string, string> Headers, string? Message)> faults = new();
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

    /// <summary>A file at a commit; <paramref name="reportedSize"/> makes its tree entry claim another size (a tree that lies).</summary>
    public void AddFile(string repo, string sha, string path, byte[] content, long? reportedSize = null)
    {
        repositories[repo] = true;
        files[$"{repo}@{sha}:{path}"] = content;
        if (reportedSize is { } size) reportedSizes[$"{repo}@{sha}:{path}"] = size;
    }

    public void AddRepository(string repo) => repositories[repo] = true;

    /// <summary>
    /// The next call whose path contains <paramref name="pathContains"/> gets this answer instead;
    /// the message is GitHub's (a 403's default is the primary rate limit's).
    /// </summary>
    public void FailNext(string pathContains, int status, Dictionary<string, string>? headers = null, string? message = null) =>
        faults.Enqueue((pathContains, status, headers ?? [], message));

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
            await http.Response.WriteAsJsonAsync(new { message = fault.Message ?? (fault.Status == 403 ? "API rate limit exceeded" : "Server Error") });
            return;
        }

        var segments = path.Trim('/').Split('/');
        if (http.Request.Method == "POST" && segments is ["app", "installations", _, "access_tokens"])
        {
            http.Response.StatusCode = 201;
            await http.Response.WriteAsJsonAsync(new { token = InstallationToken, expires_at = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ") });
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
        if (http.Request.Method == "GET" && segments is [_, _, _, "git", "trees", var treeSha])
        {
            await http.Response.WriteAsJsonAsync(Tree(repo, treeSha));
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

    /// <summary>
    /// GET /repos/{owner}/{repo}/git/trees/{sha}: a commit's SHA names its root directory; each
    /// subdirectory entry carries a SHA of its own that names it in turn. Any commit of a known
    /// repository exists (without files, its tree is empty).
    /// </summary>
    private object Tree(string repo, string sha)
    {
        var (commit, directory) = subtrees.TryGetValue(sha, out var known) ? (known.Commit, known.Directory) : (sha, "");
        string prefix = $"{repo}@{commit}:" + (directory.Length > 0 ? directory + "/" : "");
        var entries = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, content) in files.Where(f => f.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            string rest = key[prefix.Length..];
            if (rest.IndexOf('/') is var slash and > 0)
            {
                string name = rest[..slash], subdirectory = (directory.Length > 0 ? directory + "/" : "") + name;
                string treeSha = Sha1($"tree:{repo}@{commit}:{subdirectory}");
                subtrees[treeSha] = (repo, commit, subdirectory);
                entries[name] = new { path = name, mode = "040000", type = "tree", sha = treeSha, url = "" };
            }
            else
            {
                long size = reportedSizes.TryGetValue(key, out var claimed) ? claimed : content.Length;
                entries[rest] = new { path = rest, mode = "100644", type = "blob", size, sha = Convert.ToHexStringLower(SHA1.HashData(content)), url = "" };
            }
        }
        return new { sha, url = "", tree = entries.Values, truncated = false };
    }

    private static string Sha1(string text) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }
}
