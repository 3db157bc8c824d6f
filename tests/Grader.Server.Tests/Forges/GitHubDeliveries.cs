using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Grader.Server.Tests.Forges;

/// <summary>
/// Webhook deliveries as GitHub sends them: JSON bodies shaped like the documented push and ping
/// events, headers X-GitHub-Event, X-GitHub-Delivery and X-Hub-Signature-256 ("sha256=" + hex
/// HMAC-SHA256 of the exact body bytes with the webhook secret), computed here independently of
/// the server's verifier.
/// </summary>
public static class GitHubDeliveries
{
    public static HttpRequestMessage Signed(string eventName, object payload, string? secret, string? deliveryId = null)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/hooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/a1b2c3d");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", deliveryId ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-GitHub-Hook-ID", "292430182");
        if (secret is not null)
            request.Headers.Add("X-Hub-Signature-256",
                "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        return request;
    }

    public static string NewSha() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    public static object Push(string fullName, string sha, string branch = "main")
    {
        var (owner, name) = (fullName.Split('/')[0], fullName.Split('/')[1]);
        var commit = new
        {
            id = sha, tree_id = NewSha(), distinct = true, message = "Solve the homework", timestamp = "2026-11-24T05:00:00+00:00",
            url = $"https://github.com/{fullName}/commit/{sha}",
            author = new { name = "Student", email = "student@example.org", username = owner },
            committer = new { name = "Student", email = "student@example.org", username = owner },
            added = new[] { "answers.yaml" }, removed = Array.Empty<string>(), modified = Array.Empty<string>(),
        };
        return new Dictionary<string, object?>
        {
            ["ref"] = $"refs/heads/{branch}",
            ["before"] = NewSha(),
            ["after"] = sha,
            ["created"] = false,
            ["deleted"] = false,
            ["forced"] = false,
            ["base_ref"] = null,
            ["compare"] = $"https://github.com/{fullName}/compare/abc...def",
            ["commits"] = new[] { commit },
            ["head_commit"] = commit,
            ["repository"] = Repository(owner, name),
            ["pusher"] = new { name = owner, email = "student@example.org" },
            ["sender"] = User(owner, 583231, "User"),
        };
    }

    public static object Ping(string fullName) => new Dictionary<string, object?>
    {
        ["zen"] = "Keep it logically awesome.",
        ["hook_id"] = 292430182,
        ["hook"] = new
        {
            type = "Repository", id = 292430182, name = "web", active = true, events = new[] { "push" },
            config = new { content_type = "json", insecure_ssl = "0", url = "https://grader.example.org/api/v1/hooks/github" },
        },
        ["repository"] = Repository(fullName.Split('/')[0], fullName.Split('/')[1]),
        ["sender"] = User("teacher", 1, "User"),
    };

    private static object Repository(string owner, string name) => new
    {
        id = 1296269, node_id = "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", name, full_name = $"{owner}/{name}", @private = true,
        owner = User(owner, 1, "Organization"),
        html_url = $"https://github.com/{owner}/{name}", url = $"https://api.github.com/repos/{owner}/{name}",
        default_branch = "main", web_commit_signoff_required = false,
    };

    private static object User(string login, long id, string type) => new
    {
        login, id, type, avatar_url = $"https://avatars.githubusercontent.com/u/{id}?v=4", url = $"https://api.github.com/users/{login}",
    };
}
