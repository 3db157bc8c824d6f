using System.Globalization;
using System.Net;
using Octokit;

namespace Grader.Worker.Forges.GitHub;

/// <summary>
/// Turns what Octokit throws into the <see cref="ForgeException"/> kinds the queue acts on
/// (GitHub REST docs, "rate limits"): a primary rate limit (Octokit's RateLimitExceededException,
/// or a 403/429 with X-RateLimit-Remaining 0) waits until its reset; a secondary rate limit or a
/// 429 waits as long as Retry-After says, else a minute as GitHub advises; 5xx, 408, timeouts and
/// connection errors are transient; other 4xx (gone, no access, bad credentials) are permanent.
/// </summary>
public static class GitHubFailures
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(1);

    /// <summary>The forge failure for <paramref name="error"/>, or null when it is none of GitHub's doing (a bug, a cancellation).</summary>
    public static ForgeException? Classify(Exception error, string what, DateTimeOffset now) => error switch
    {
        ForgeException forge => forge,
        RateLimitExceededException limit => Limited(limit, what, RetryAfter(limit.HttpResponse, now) ?? AtLeastASecond(limit.GetRetryAfterTimeSpan())),
        SecondaryRateLimitExceededException limit => Limited(limit, what, RetryAfter(limit.HttpResponse, now) ?? DefaultWait),
        AbuseException abuse => Limited(abuse, what, abuse.RetryAfterSeconds is { } seconds ? AtLeastASecond(TimeSpan.FromSeconds(seconds)) : DefaultWait),
        ApiException { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.Forbidden } api
            when (RetryAfter(api.HttpResponse, now) ?? ResetWait(api.HttpResponse, now)) is { } wait => Limited(api, what, wait),
        ApiException { StatusCode: HttpStatusCode.TooManyRequests } api => Limited(api, what, DefaultWait),
        ApiException { StatusCode: >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout } api =>
            new ForgeException(ForgeFailure.Transient, Describe(api, what), inner: api),
        ApiException api => new ForgeException(ForgeFailure.Permanent, Describe(api, what), inner: api),
        HttpRequestException or IOException => new ForgeException(ForgeFailure.Transient, $"GitHub unreachable ({what}): {error.Message}", inner: error),
        TimeoutException => new ForgeException(ForgeFailure.Transient, $"GitHub did not answer in time ({what})", inner: error),
        _ => null,
    };

    private static ForgeException Limited(ApiException error, string what, TimeSpan wait) =>
        new(ForgeFailure.RateLimited, Describe(error, what) + $" (waiting {wait.TotalSeconds:0} s)", wait, error);

    private static string Describe(ApiException error, string what) =>
        $"GitHub {what}: {(int)error.StatusCode} {error.Message}".Trim();

    /// <summary>Retry-After, in seconds or as an HTTP date.</summary>
    internal static TimeSpan? RetryAfter(IResponse? response, DateTimeOffset now)
    {
        if (Header(response, "Retry-After") is not { } value) return null;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)) return AtLeastASecond(TimeSpan.FromSeconds(seconds));
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? AtLeastASecond(date - now) : null;
    }

    /// <summary>A spent quota: X-RateLimit-Remaining 0 and the X-RateLimit-Reset time (Unix seconds).</summary>
    private static TimeSpan? ResetWait(IResponse? response, DateTimeOffset now) =>
        Header(response, "X-RateLimit-Remaining") == "0"
        && long.TryParse(Header(response, "X-RateLimit-Reset"), NumberStyles.None, CultureInfo.InvariantCulture, out long reset)
            ? AtLeastASecond(DateTimeOffset.FromUnixTimeSeconds(reset) - now)
            : null;

    private static TimeSpan AtLeastASecond(TimeSpan wait) => wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;

    /// <summary>Octokit keeps the headers with the server's spelling; HTTP names are case-insensitive.</summary>
    private static string? Header(IResponse? response, string name) =>
        response?.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
