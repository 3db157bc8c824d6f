using System.Collections.Concurrent;
using System.Security.Cryptography;
using Octokit;
using Octokit.Internal;

namespace Grader.Worker.Forges.GitHub;

/// <summary>A course's bearer credentials, as Octokit asks for them before each request.</summary>
public abstract class GitHubCredentials : ICredentialStore
{
    public abstract Task<Credentials> GetCredentials();

    /// <summary>GitHub refused the token (401): forget it if it can be renewed; true when it was.</summary>
    public virtual bool Invalidate() => false;
}

/// <summary>A personal (or fine-grained) token: small courses without an App.</summary>
public sealed class PersonalTokenCredentials(string token) : GitHubCredentials
{
    private readonly Task<Credentials> credentials = Task.FromResult(new Credentials(token, AuthenticationType.Bearer));

    public override Task<Credentials> GetCredentials() => credentials;
}

/// <summary>
/// A GitHub App's installation token: Octokit exchanges the App's JWT for it, then it is cached
/// (process-wide, per API, App and installation) until five minutes before it expires, so jobs do
/// not spend a call and a signature each. Octokit has no JWT of its own; <see cref="GitHubAppJwt"/> makes it.
/// </summary>
public sealed class AppInstallationCredentials(IHttpClient http, Uri apiUrl, long appId, long installationId, string privateKeyPath,
    ConcurrentDictionary<string, (Credentials Credentials, DateTimeOffset Until)> cache, TimeProvider time, TimeSpan timeout) : GitHubCredentials
{
    private string Key => $"{apiUrl}|{appId}|{installationId}";

    public override async Task<Credentials> GetCredentials()
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(Key, out var cached) && cached.Until > now) return cached.Credentials;

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(await File.ReadAllTextAsync(privateKeyPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
        {
            throw new ForgeException(ForgeFailure.Permanent, $"the GitHub App's private key cannot be read: {e.Message}", inner: e);
        }
        var app = new GitHubClient(GitHubForgeFactory.Connect(apiUrl, new InMemoryCredentialStore(
            new Credentials(GitHubAppJwt.Create(appId, rsa, now), AuthenticationType.Bearer)), http));
        AccessToken token;
        try
        {
            // A failure here is the token's, whatever call needed it: a 404 means the installation is gone, not a file.
            token = await app.GitHubApps.CreateInstallationToken(installationId).WaitAsync(timeout);
        }
        catch (Exception e) when (GitHubFailures.Classify(e, "installation token", now) is { } failure)
        {
            throw failure;
        }
        var credentials = new Credentials(token.Token, AuthenticationType.Bearer);
        cache[Key] = (credentials, token.ExpiresAt - TimeSpan.FromMinutes(5));
        return credentials;
    }

    /// <summary>An installation token can be revoked before it expires (App reinstalled): get a new one next time.</summary>
    public override bool Invalidate() => cache.TryRemove(Key, out _);
}
