using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Grader.Worker.Forges.GitHub;

/// <summary>Where a GitHub call's bearer token comes from.</summary>
public interface IGitHubTokenSource
{
    Task<string> GetAsync(CancellationToken cancellationToken);

    /// <summary>GitHub refused the token (401): forget it if it can be renewed; true when it was.</summary>
    bool Invalidate() => false;
}

/// <summary>A personal (or fine-grained) token: small courses without an App.</summary>
public sealed class PersonalTokenSource(string token) : IGitHubTokenSource
{
    public Task<string> GetAsync(CancellationToken cancellationToken) => Task.FromResult(token);
}

/// <summary>POST /app/installations/{id}/access_tokens answer.</summary>
internal sealed record InstallationToken(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt);

/// <summary>
/// A GitHub App's installation token: made with the App's JWT, then cached (process-wide, per
/// API, App and installation) until five minutes before it expires, so jobs do not spend a call
/// and a signature each.
/// </summary>
public sealed class AppInstallationTokenSource(HttpClient http, Uri apiUrl, long appId, long installationId, string privateKeyPath,
    ConcurrentDictionary<string, (string Token, DateTimeOffset Until)> cache, TimeProvider time) : IGitHubTokenSource
{
    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        string key = $"{apiUrl}|{appId}|{installationId}";
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out var cached) && cached.Until > now) return cached.Token;

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(await File.ReadAllTextAsync(privateKeyPath, cancellationToken));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
        {
            throw new ForgeException(ForgeFailure.Permanent, $"the GitHub App's private key cannot be read: {e.Message}", inner: e);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(apiUrl, $"app/installations/{installationId}/access_tokens"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GitHubAppJwt.Create(appId, rsa, now));
        using var response = await GitHubResponses.SendAsync(http, request, cancellationToken);
        await GitHubResponses.EnsureSuccessAsync(response, "installation token", cancellationToken);
        var token = await response.Content.ReadFromJsonAsync<InstallationToken>(cancellationToken)
            ?? throw new ForgeException(ForgeFailure.Transient, "empty installation token answer");
        cache[key] = (token.Token, token.ExpiresAt - TimeSpan.FromMinutes(5));
        return token.Token;
    }

    /// <summary>An installation token can be revoked before it expires (App reinstalled): get a new one next time.</summary>
    public bool Invalidate() => cache.TryRemove($"{apiUrl}|{appId}|{installationId}", out _);
}
