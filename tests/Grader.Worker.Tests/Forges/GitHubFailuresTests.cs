using System.Net;
using Grader.Worker.Forges;
using Grader.Worker.Forges.GitHub;
using Octokit;

namespace Grader.Worker.Tests.Forges;

/// <summary>
/// What the queue does with each way a GitHub call fails, per GitHub's REST docs ("rate limits",
/// "troubleshooting"): the Octokit exception each answer becomes, classified. The expected kinds
/// and waits are read off the docs, not off the classifier.
/// </summary>
public sealed class GitHubFailuresTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static IResponse Answer(HttpStatusCode status, string message, params (string Name, string Value)[] headers)
    {
        var byName = headers.ToDictionary(h => h.Name, h => h.Value);
        return new GitHubAnswer($"{{\"message\":\"{message}\"}}", byName,
            new ApiInfo(new Dictionary<string, Uri>(), [], [], "", new RateLimit(byName)), status, "application/json");
    }

    /// <summary>An answer as Octokit's HTTP layer hands it to its exceptions (its own Response type is internal).</summary>
    private sealed record GitHubAnswer(object Body, IReadOnlyDictionary<string, string> Headers, ApiInfo ApiInfo, HttpStatusCode StatusCode,
        string ContentType) : IResponse;

    private static ForgeException Classify(Exception error) => GitHubFailures.Classify(error, "file answers.yaml", Now)!;

    [Fact]
    public void A_spent_primary_quota_waits_until_its_reset()
    {
        // Octokit measures the wait against the server's Date (clock skew), so the reset is set relative to the real clock.
        var reset = DateTimeOffset.UtcNow.AddMinutes(10);
        var error = new RateLimitExceededException(Answer(HttpStatusCode.Forbidden, "API rate limit exceeded for installation ID 7.",
            ("X-RateLimit-Limit", "5000"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset.ToUnixTimeSeconds().ToString())));

        var failure = Classify(error);

        Assert.Equal(ForgeFailure.RateLimited, failure.Failure);
        Assert.InRange(failure.RetryAfter!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void A_secondary_rate_limit_waits_as_long_as_retry_after_says()
    {
        var error = new SecondaryRateLimitExceededException(Answer(HttpStatusCode.Forbidden,
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", ("retry-after", "45")));

        var failure = Classify(error);

        Assert.Equal((ForgeFailure.RateLimited, TimeSpan.FromSeconds(45)), (failure.Failure, failure.RetryAfter));
        Assert.Contains("secondary rate limit", failure.Message);
    }

    [Fact]
    public void A_secondary_rate_limit_without_retry_after_waits_a_minute()
    {
        var failure = Classify(new SecondaryRateLimitExceededException(Answer(HttpStatusCode.Forbidden, "You have exceeded a secondary rate limit.")));

        Assert.Equal((ForgeFailure.RateLimited, TimeSpan.FromMinutes(1)), (failure.Failure, failure.RetryAfter));
    }

    [Fact]
    public void A_429_waits_until_the_http_date_in_retry_after()
    {
        var error = new ApiException(Answer(HttpStatusCode.TooManyRequests, "Too Many Requests", ("Retry-After", Now.AddSeconds(90).ToString("R"))));

        var failure = Classify(error);

        Assert.Equal((ForgeFailure.RateLimited, TimeSpan.FromSeconds(90)), (failure.Failure, failure.RetryAfter));
    }

    [Fact]
    public void A_forbidden_answer_with_a_spent_quota_in_its_headers_waits_until_the_reset()
    {
        var error = new ForbiddenException(Answer(HttpStatusCode.Forbidden, "Forbidden",
            ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", Now.AddSeconds(30).ToUnixTimeSeconds().ToString())));

        var failure = Classify(error);

        Assert.Equal((ForgeFailure.RateLimited, TimeSpan.FromSeconds(30)), (failure.Failure, failure.RetryAfter));
    }

    [Fact]
    public void A_reset_already_past_still_waits_a_second()
    {
        var error = new ApiException(Answer(HttpStatusCode.TooManyRequests, "Too Many Requests", ("Retry-After", "0")));

        Assert.Equal(TimeSpan.FromSeconds(1), Classify(error).RetryAfter);
    }

    [Fact]
    public void A_forbidden_answer_without_rate_limit_signs_is_permanent()
    {
        var failure = Classify(new ForbiddenException(Answer(HttpStatusCode.Forbidden, "Resource not accessible by integration")));

        Assert.Equal(ForgeFailure.Permanent, failure.Failure);
        Assert.Contains("403 Resource not accessible by integration", failure.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, ForgeFailure.Transient)]
    [InlineData(HttpStatusCode.BadGateway, ForgeFailure.Transient)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ForgeFailure.Transient)]
    [InlineData(HttpStatusCode.RequestTimeout, ForgeFailure.Transient)]
    [InlineData(HttpStatusCode.NotFound, ForgeFailure.Permanent)]
    [InlineData(HttpStatusCode.Unauthorized, ForgeFailure.Permanent)]
    [InlineData((HttpStatusCode)422, ForgeFailure.Permanent)]
    public void Server_errors_are_transient_and_client_errors_permanent(HttpStatusCode status, ForgeFailure expected)
    {
        var failure = Classify(new ApiException(Answer(status, "whatever GitHub said")));

        Assert.Equal(expected, failure.Failure);
        Assert.Contains(((int)status).ToString(), failure.Message);
    }

    [Fact]
    public void Connection_failures_and_timeouts_are_transient()
    {
        Assert.Equal(ForgeFailure.Transient, Classify(new HttpRequestException("Connection refused")).Failure);
        Assert.Equal(ForgeFailure.Transient, Classify(new IOException("connection reset")).Failure);
        Assert.Equal(ForgeFailure.Transient, Classify(new TimeoutException()).Failure);
    }

    [Fact]
    public void A_failure_already_classified_passes_through_and_a_bug_is_not_classified()
    {
        var classified = new ForgeException(ForgeFailure.Permanent, "the GitHub App's private key cannot be read");

        Assert.Same(classified, GitHubFailures.Classify(classified, "x", Now));
        Assert.Null(GitHubFailures.Classify(new NullReferenceException(), "x", Now));
        Assert.Null(GitHubFailures.Classify(new OperationCanceledException(), "x", Now));
    }
}
