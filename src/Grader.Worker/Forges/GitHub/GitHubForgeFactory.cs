using System.Collections.Concurrent;
using Grader.Data.Entities;

namespace Grader.Worker.Forges.GitHub;

/// <summary>
/// Makes a course's GitHub client from its settings: one HttpClient for the process (pooled
/// connections), and one cache of App installation tokens shared by every job.
/// </summary>
public sealed class GitHubForgeFactory(ForgeOptions options, TimeProvider time) : IForgeFactory, IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each call has its own timeout (ForgeOptions.RequestTimeout)
    };
    private readonly ConcurrentDictionary<string, (string, DateTimeOffset)> installationTokens = new();

    public IForge Create(ForgeSetting settings)
    {
        var api = new Uri(settings.ApiUrl.EndsWith('/') ? settings.ApiUrl : settings.ApiUrl + "/");
        IGitHubTokenSource tokens = settings.Token is { Length: > 0 } token
            ? new PersonalTokenSource(token)
            : new AppInstallationTokenSource(http, api, settings.AppId!.Value, settings.InstallationId!.Value, settings.PrivateKeyPath!,
                installationTokens, time);
        return new GitHubClient(http, api, tokens, options.RequestTimeout);
    }

    public void Dispose() => http.Dispose();
}
