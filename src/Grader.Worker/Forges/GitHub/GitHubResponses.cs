using System.Globalization;
using System.Net;

namespace Grader.Worker.Forges.GitHub;

/// <summary>
/// Sends GitHub calls and classifies their failures (GitHub REST docs, "rate limits"): 5xx,
/// timeouts and connection errors are transient; a 403 or 429 with Retry-After, or with
/// X-RateLimit-Remaining 0 and X-RateLimit-Reset, is a rate limit to wait out; other 4xx
/// (gone, no access, bad credentials) are permanent.
/// </summary>
public static class GitHubResponses
{
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.UserAgent.ParseAdd("grader-ci-hooks");
        request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", "2022-11-28");
        if (request.Headers.Accept.Count == 0) request.Headers.Accept.ParseAdd("application/vnd.github+json");
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ForgeException(ForgeFailure.Transient, $"GitHub did not answer {request.Method} {request.RequestUri?.AbsolutePath} in time", inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new ForgeException(ForgeFailure.Transient, $"GitHub unreachable: {e.Message}", inner: e);
        }
    }

    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        string body = "";
        try { body = await response.Content.ReadAsStringAsync(cancellationToken); }
        catch (HttpRequestException) { }
        if (body.Length > 300) body = body[..300];
        throw Classify(response, $"GitHub {what}: {(int)response.StatusCode} {response.ReasonPhrase} {body}".Trim());
    }

    public static ForgeException Classify(HttpResponseMessage response, string message)
    {
        var status = response.StatusCode;
        if ((int)status >= 500) return new ForgeException(ForgeFailure.Transient, message);
        if (status is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests && RateLimitWait(response) is { } wait)
            return new ForgeException(ForgeFailure.RateLimited, message, wait);
        if (status == HttpStatusCode.TooManyRequests) return new ForgeException(ForgeFailure.RateLimited, message, TimeSpan.FromMinutes(1));
        if (status == HttpStatusCode.RequestTimeout) return new ForgeException(ForgeFailure.Transient, message);
        return new ForgeException(ForgeFailure.Permanent, message);
    }

    /// <summary>How long GitHub asks us to wait, if it does; never less than a second.</summary>
    internal static TimeSpan? RateLimitWait(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } retry)
        {
            var delay = retry.Delta ?? (retry.Date is { } date ? date - DateTimeOffset.UtcNow : TimeSpan.Zero);
            return delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay;
        }
        if (Header(response, "X-RateLimit-Remaining") == "0"
            && long.TryParse(Header(response, "X-RateLimit-Reset"), NumberStyles.None, CultureInfo.InvariantCulture, out long reset))
        {
            var delay = DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow;
            return delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay;
        }
        return null;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
