namespace Grader.Server.Forges.GitHub;

/// <summary>What the webhook answers, for GitHub's delivery log.</summary>
public sealed record WebhookAnswer(string Result, string? Detail = null, IReadOnlyList<long>? Pushes = null);
