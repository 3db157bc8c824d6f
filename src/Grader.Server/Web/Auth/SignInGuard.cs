using System.Net;
using System.Threading.RateLimiting;
using Grader.Data.Security;
using Grader.Server.Hosting;

namespace Grader.Server.Web.Auth;

/// <summary>
/// Protects sign-in (and bearer-token lookups) from guessing and from floods:
/// <list type="bullet">
/// <item>failures are counted per account and per client address in token buckets; an account or
/// address out of tries is refused before any password is checked, until the bucket refills;</item>
/// <item>at most <see cref="SignInLimits.ConcurrentPasswordChecks"/> PBKDF2 computations (~0.7 s of
/// CPU each) run at once, a few more wait, and the rest are refused at once ("busy"), so a flood of
/// sign-ins leaves the other cores to the API.</item>
/// </list>
/// Counters live in this process: with several API processes an attacker gets each one's budget.
/// </summary>
public sealed class SignInGuard : IDisposable
{
    private readonly PartitionedRateLimiter<string> failures;
    private readonly ConcurrencyLimiter hashing;

    public SignInGuard(ServerSettings settings)
    {
        var limits = settings.SignIn;
        failures = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ =>
            key.StartsWith(AccountPrefix, StringComparison.Ordinal)
                ? Bucket(limits.FailuresPerAccount, limits.AccountRefillEvery)
                : Bucket(limits.FailuresPerAddress, limits.AddressRefillEvery)));
        hashing = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.ConcurrentPasswordChecks,
            QueueLimit = limits.QueuedPasswordChecks,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    private const string AccountPrefix = "account:";

    /// <summary>Whether the account (if any) or the address is out of tries; no try is used up by asking.</summary>
    public bool IsThrottled(string? login, IPAddress? address) =>
        (login is not null && !Available(AccountKey(login))) || !Available(AddressKey(address));

    /// <summary>Counts a failed try against the account (if any) and the address.</summary>
    public void RecordFailure(string? login, IPAddress? address)
    {
        if (login is not null) failures.AttemptAcquire(AccountKey(login)).Dispose();
        failures.AttemptAcquire(AddressKey(address)).Dispose();
    }

    /// <summary>A slot to compute one password hash in; not acquired when too many are running and waiting.</summary>
    public ValueTask<RateLimitLease> HashSlotAsync(CancellationToken cancellationToken) => hashing.AcquireAsync(1, cancellationToken);

    /// <summary>
    /// At least one whole try left. (Not AttemptAcquire(0): a bucket refills continuously, and the
    /// sliver of a try it gains within seconds counts as "available" there.)
    /// </summary>
    private bool Available(string key) => failures.GetStatistics(key) is not { CurrentAvailablePermits: < 1 };

    private static string AccountKey(string login) => AccountPrefix + login.ToLowerInvariant();

    private static string AddressKey(IPAddress? address) => "address:" + address;

    private static TokenBucketRateLimiterOptions Bucket(int tries, TimeSpan refillEvery) => new()
    {
        TokenLimit = tries,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = refillEvery,
        QueueLimit = 0,
        // The partitioned limiter replenishes its partitions itself.
        AutoReplenishment = false,
    };

    public void Dispose()
    {
        failures.Dispose();
        hashing.Dispose();
    }
}

/// <summary>Checks a password against its stored hash. A class of its own so a test can hold a check open.</summary>
public class PasswordCheck
{
    public virtual bool Verify(string password, string? storedHash) => PasswordHasher.Verify(password, storedHash);
}
