using System.Threading.RateLimiting;

namespace Grader.Server.Hosting;

/// <summary>
/// A token bucket per bearer token (per client address without one), in front of
/// authentication so floods cost no database work. Over the limit: 429 with Retry-After.
/// </summary>
public static class RateLimiting
{
    public const string PerTokenPolicy = "per-token";

    public static IServiceCollection AddTokenRateLimiter(this IServiceCollection services, RateLimits limits) =>
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(PerTokenPolicy, http => RateLimitPartition.GetTokenBucketLimiter(PartitionKey(http), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.Burst,
                TokensPerPeriod = limits.RequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"At most {limits.RequestsPerSecond} requests per second per token.").ExecuteAsync(context.HttpContext);
            };
        });

    private static string PartitionKey(HttpContext http) =>
        http.Request.Headers.Authorization.ToString() is { Length: > 0 } header
            ? "token:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(header)))
            : "address:" + http.Connection.RemoteIpAddress;
}
