using System.Collections.Concurrent;
using Grader.Data.Entities;
using Octokit;
using Octokit.Internal;

namespace Grader.Worker.Forges.GitHub;

/// <summary>
/// Makes a course's GitHub forge from its settings: an Octokit client on the course's API base
/// address (api.github.com, a GitHub Enterprise server's /api/v3/, or a test's fake), over one
/// HTTP layer for the process (pooled connections), with one cache of App installation tokens
/// shared by every job.
/// </summary>
public sealed class GitHubForgeFactory(ForgeOptions options, TimeProvider time) : IForgeFactory, IDisposable
{
    private static readonly Octokit.ProductHeaderValue Product = new("grader-ci-hooks");
    private readonly GitHubHttpClient http = new(options.RequestTimeout);
    private readonly ConcurrentDictionary<string, (Credentials, DateTimeOffset)> installationTokens = new();

    public IForge Create(ForgeSetting settings)
    {
        var api = new Uri(settings.ApiUrl.EndsWith('/') ? settings.ApiUrl : settings.ApiUrl + "/");
        GitHubCredentials credentials = settings.Token is { Length: > 0 } token
            ? new PersonalTokenCredentials(token)
            : new AppInstallationCredentials(http, api, settings.AppId!.Value, settings.InstallationId!.Value, settings.PrivateKeyPath!,
                installationTokens, time, options.RequestTimeout);
        return new GitHubForge(new GitHubClient(Connect(api, credentials, http)), credentials, options.RequestTimeout, time);
    }

    /// <summary>
    /// An Octokit connection to exactly this base address: GitHubClient's own constructor would
    /// append /api/v3/ to any host but github.com, and the stored address already names the API root.
    /// </summary>
    internal static Connection Connect(Uri api, ICredentialStore credentials, IHttpClient http) =>
        new(Product, api, credentials, http, new SimpleJsonSerializer());

    public void Dispose() => http.Dispose();
}
