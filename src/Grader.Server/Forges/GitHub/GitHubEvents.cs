using System.Text.Json.Serialization;

namespace Grader.Server.Forges.GitHub;

// The parts of GitHub's webhook payloads that grading reads (docs: "Webhook events and payloads").

public sealed record GitHubOwner([property: JsonPropertyName("login")] string? Login, [property: JsonPropertyName("name")] string? Name);

public sealed record GitHubRepository(
    [property: JsonPropertyName("full_name")] string FullName,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("owner")] GitHubOwner? Owner);

/// <summary>The push event: ref "refs/heads/BRANCH", the commit after the push, and the repository.</summary>
public sealed record GitHubPushEvent(
    [property: JsonPropertyName("ref")] string Ref,
    [property: JsonPropertyName("after")] string After,
    [property: JsonPropertyName("deleted")] bool Deleted,
    [property: JsonPropertyName("repository")] GitHubRepository Repository);

/// <summary>What the webhook answers, for GitHub's delivery log.</summary>
public sealed record WebhookAnswer(string Result, string? Detail = null, IReadOnlyList<long>? Pushes = null);
