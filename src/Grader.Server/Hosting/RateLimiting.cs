using System.Globalization;
using System.Threading.RateLimiting;
using Grader.Server.Auth;
using Grader.Server.Web.Auth;

namespace Grader.Server.Hosting;

/// <summary>
/// One token bucket per person (see <see cref="RateLimits"/>), shared by every way in: the API
/// (keyed on the token's owner once authenticated, never on the raw header), the dashboard's upload
/// form (the signed-in student) and pushes to a linked repository (the student it is graded for;
/// <see cref="Forges.ForgePushIntake"/>). Requests nobody is authenticated for count against the
/// client address. Over the limit: 429 with Retry-After.
/// </summary>
public sealed class RequestBudget : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    public RequestBudget(ServerSettings settings)
    {
        Limits = settings.RateLimits;
        limiter = PartitionedRateLimiter.Create<string, string>(key => key.Length == 0 ? RateLimitPartition.GetNoLimiter(key) : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Limits.Burst,
            TokensPerPeriod = Limits.RequestsPerPeriod,
            ReplenishmentPeriod = Limits.Period,
            QueueLimit = 0,
            AutoReplenishment = false, // the partitioned limiter replenishes its buckets
        }));
    }

    public RateLimits Limits { get; }

    /// <summary>Takes one request from the person's (or address's) bucket; false when it is empty.</summary>
    public bool TryTake(string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired;
    }

    /// <summary>
    /// The budget as the rate-limiting middleware's global limiter: endpoints marked with
    /// <see cref="PerPersonLimit"/> take from the caller's bucket, others are not limited here.
    /// </summary>
    internal PartitionedRateLimiter<HttpContext> ForRequests() => limiter.WithTranslatedKey<HttpContext>(
        http => http.GetEndpoint()?.Metadata.GetMetadata<PerPersonLimit>() is null ? "" : KeyOf(http), leaveOpen: true);

    /// <summary>The authenticated person (bearer token or dashboard session), else the client address.</summary>
    internal static string KeyOf(HttpContext http)
    {
        if (http.User.HasClaim(c => c.Type == "grader:kind")) return Caller.From(http.User).RateKey;
        if (PageUser.From(http.User) is { } user)
        {
            if (user.Student is { } student) return Caller.RateKeyOf(CallerKind.Student, student.StudentId);
            if (user.StaffAccountId is { } account) return Caller.RateKeyOf(CallerKind.Staff, account);
        }
        return "address:" + http.Connection.RemoteIpAddress;
    }

    public string Describe() =>
        $"At most {Limits.Burst} requests at once and {Limits.RequestsPerPeriod} per {Limits.Period.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s per person.";

    public void Dispose() => limiter.Dispose();
}

/// <summary>Endpoint metadata: requests to this endpoint take from the caller's <see cref="RequestBudget"/>.</summary>
public sealed class PerPersonLimit
{
    public static readonly PerPersonLimit Instance = new();
}

public static class RateLimiting
{
    public static IServiceCollection AddPersonRateLimiter(this IServiceCollection services)
    {
        services.AddSingleton<RequestBudget>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>().Configure<RequestBudget>((options, budget) =>
        {
            options.GlobalLimiter = budget.ForRequests();
            options.OnRejected = async (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(budget.Limits.Period.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: budget.Describe()).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    /// <summary>Requests to these endpoints count against the caller's budget.</summary>
    public static TBuilder LimitPerPerson<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(PerPersonLimit.Instance);
}
