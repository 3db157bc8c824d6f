using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Grader.Data.Forges;

namespace Grader.Worker.Forges.GitHub;

/// <summary>The JSON body of POST /repos/{owner}/{repo}/statuses/{sha}.</summary>
internal sealed record CommitStatusRequest(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("target_url")] string? TargetUrl,
    [property: JsonPropertyName("context")] string Context);

/// <summary>
/// The GitHub REST calls grading needs, typed, over one shared HttpClient (Octokit is not
/// available). Files come from the contents API at the commit with the raw media type, so the
/// bytes stream straight in and the size limit is enforced while reading.
/// </summary>
public sealed class GitHubClient(HttpClient http, Uri apiUrl, IGitHubTokenSource tokens, TimeSpan timeout) : IForge
{
    /// <summary>GitHub's limit on a commit status description.</summary>
    public const int MaxDescription = 140;

    public async Task<FetchedFile> GetFileAsync(RepoRef repo, string commitSha, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var escapedPath = string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
        using var request = await RequestAsync(HttpMethod.Get, $"repos/{Escape(repo)}/contents/{escapedPath}?ref={Uri.EscapeDataString(commitSha)}", cancellationToken);
        request.Headers.Accept.Clear();
        request.Headers.Accept.ParseAdd("application/vnd.github.raw");
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        using var response = await GitHubResponses.SendAsync(http, request, timer.Token);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // A 404 means "no such file" only if the repository itself is still there for us.
            await EnsureRepositoryAsync(repo, cancellationToken);
            return new FetchedFile(FetchStatus.Missing, path);
        }
        await EnsureSuccessAsync(response, $"file {path} of {repo.FullName}@{commitSha[..7]}", cancellationToken);
        if (response.Content.Headers.ContentLength > maxBytes) return new FetchedFile(FetchStatus.TooLarge, path);
        try
        {
            return await ReadLimitedAsync(response, path, maxBytes, timer.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ForgeException(ForgeFailure.Transient, $"reading {path} from GitHub timed out", inner: e);
        }
        catch (IOException e)
        {
            throw new ForgeException(ForgeFailure.Transient, $"reading {path} from GitHub failed: {e.Message}", inner: e);
        }
    }

    /// <summary>Reads at most maxBytes; one byte more and the file is too large, whatever Content-Length said.</summary>
    private static async Task<FetchedFile> ReadLimitedAsync(HttpResponseMessage response, string path, long maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return new FetchedFile(FetchStatus.TooLarge, path);
            buffer.Write(chunk, 0, read);
        }
        return new FetchedFile(FetchStatus.Found, path, buffer.ToArray());
    }

    private async Task EnsureRepositoryAsync(RepoRef repo, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, $"repos/{Escape(repo)}", cancellationToken);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        using var response = await GitHubResponses.SendAsync(http, request, timer.Token);
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new ForgeException(ForgeFailure.Permanent, $"repository {repo.FullName} is gone or not accessible with the course's credentials");
        await EnsureSuccessAsync(response, $"repository {repo.FullName}", cancellationToken);
    }

    public async Task ReportAsync(RepoRef repo, string commitSha, CommitReport report, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Post, $"repos/{Escape(repo)}/statuses/{Uri.EscapeDataString(commitSha)}", cancellationToken);
        var description = report.Description.Length > MaxDescription ? report.Description[..(MaxDescription - 1)] + "…" : report.Description;
        request.Content = JsonContent.Create(new CommitStatusRequest(report.State.ToString().ToLowerInvariant(), description, report.TargetUrl, report.Context));
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        using var response = await GitHubResponses.SendAsync(http, request, timer.Token);
        await EnsureSuccessAsync(response, $"status on {repo.FullName}@{commitSha[..7]}", cancellationToken);
    }

    /// <summary>
    /// As <see cref="GitHubResponses.EnsureSuccessAsync"/>, except that a 401 with a renewable
    /// (App installation) token drops the cached token and is retried as transient: a revoked
    /// token must not make every job of the course fail for good until it would have expired.
    /// </summary>
    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        try
        {
            await GitHubResponses.EnsureSuccessAsync(response, what, cancellationToken);
        }
        catch (ForgeException e) when (response.StatusCode == HttpStatusCode.Unauthorized && tokens.Invalidate())
        {
            throw new ForgeException(ForgeFailure.Transient, e.Message + " (installation token dropped; a new one is made on retry)", inner: e);
        }
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string relative, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(apiUrl, relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(cancellationToken));
        return request;
    }

    private static string Escape(RepoRef repo) => Uri.EscapeDataString(repo.Owner) + "/" + Uri.EscapeDataString(repo.Name);
}
