using System.Net;
using System.Net.Http.Headers;
using Octokit;
using Octokit.Internal;

namespace Grader.Worker.Forges.GitHub;

/// <summary>
/// Octokit's HTTP layer, shared by every course's client (one connection pool for the process),
/// with one change: a successful answer to a request for the raw media type is handed on as a
/// stream. Octokit streams only the media types it knows as binary and reads anything else whole
/// into a string, which would both hold a model file in memory before its size is checked and
/// mangle its bytes; GitHub labels raw file answers with the media type that was asked for.
/// </summary>
public sealed class GitHubHttpClient : HttpClientAdapter
{
    public const string RawMediaType = "application/vnd.github.raw";

    /// <summary>Every call is cut off after <paramref name="timeout"/> waiting for GitHub's answer to begin.</summary>
    public GitHubHttpClient(TimeSpan timeout) : base(() => CreateHandler(timeout)) => SetRequestTimeout(timeout);

    /// <summary>Octokit follows redirects itself (RedirectHandler), so the handler must not.</summary>
    private static HttpMessageHandler CreateHandler(TimeSpan timeout) => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = timeout,
    };

    protected override Task<IResponse> BuildResponse(HttpResponseMessage responseMessage, Func<object, object> preprocessResponseBody)
    {
        if (responseMessage.IsSuccessStatusCode
            && responseMessage.RequestMessage?.Headers.Accept.Any(a => a.MediaType == RawMediaType) == true)
            responseMessage.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return base.BuildResponse(responseMessage, preprocessResponseBody);
    }
}
