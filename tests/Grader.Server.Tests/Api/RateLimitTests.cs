using System.Net;
using Grader.Server.Hosting;

namespace Grader.Server.Tests.Api;

/// <summary>A server whose tokens may make 3 requests at once and 1 a second after that.</summary>
public sealed class RateLimitedServer : ServerFixture
{
    protected override RateLimits RateLimits => new() { RequestsPerSecond = 1, Burst = 3 };
}

public sealed class RateLimitTests(RateLimitedServer server) : IClassFixture<RateLimitedServer>
{
    [Fact]
    public async Task A_token_over_its_rate_gets_429_with_retry_after_and_other_tokens_are_unaffected()
    {
        using var greedy = server.Client(await server.StudentTokenAsync());
        using var polite = server.Client(await server.StudentTokenAsync());
        var responses = new List<HttpResponseMessage>();
        for (int i = 0; i < 6; i++) responses.Add(await greedy.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}"));

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(limited.Count >= 2, $"expected 429s, got {string.Join(",", responses.Select(r => (int)r.StatusCode))}");
        Assert.Equal("application/problem+json", limited[0].Content.Headers.ContentType?.MediaType);
        Assert.NotNull(limited[0].Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.NotFound, (await polite.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}")).StatusCode);
    }
}
