using Grader.Data.Metrics;
using Grader.Data.Queue;

namespace Grader.Server.Hosting;

/// <summary>Everything the API and the workers can be configured with (README, "Configuration").</summary>
public sealed record ServerSettings
{
    public required string ConnectionString { get; init; }

    /// <summary>Kestrel addresses, e.g. "http://127.0.0.1:8080"; port 0 picks a free port.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8080"];

    public UploadLimits Limits { get; init; } = new();

    public RateLimits RateLimits { get; init; } = new();

    public SignInLimits SignIn { get; init; } = new();

    public QueueOptions Queue { get; init; } = new();

    /// <summary>Reverse proxies whose X-Forwarded-For/-Proto headers are believed; none by default.</summary>
    public NetworkList TrustedProxies { get; init; } = NetworkList.None;

    /// <summary>Who may read <c>/metrics</c> (the client's address, after a trusted proxy's header); loopback by default.</summary>
    public NetworkList MetricsClients { get; init; } = NetworkList.Loopback;

    /// <summary>When the pages warn that a model evaluation has waited too long.</summary>
    public Web.Queue.ModelWaitSettings ModelWait { get; init; } = new();
}

/// <summary>Sizes an upload may have.</summary>
public sealed record UploadLimits
{
    /// <summary>The answers file; the answer-file reader refuses more than 1 MiB anyway.</summary>
    public long AnswersBytes { get; init; } = 1 << 20;

    /// <summary>One ONNX model file.</summary>
    public long ModelBytes { get; init; } = 64L << 20;

    /// <summary>A forge's webhook delivery; GitHub sends at most 25 MB, push payloads of coursework are far smaller.</summary>
    public long WebhookBytes { get; init; } = 5L << 20;

    /// <summary>Where large uploaded files wait (deleted when stored) between the network and the database: TMPDIR by default.</summary>
    public string SpoolFolder { get; init; } = Path.GetTempPath();
}

/// <summary>
/// Requests per person (a token bucket): <see cref="RequestsPerPeriod"/> added every
/// <see cref="Period"/>, up to <see cref="Burst"/>. Counted per person however they come in: API
/// token, dashboard upload form, or a push to their repository.
/// </summary>
public sealed record RateLimits
{
    public int RequestsPerPeriod { get; init; } = 20;
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(1);
    public int Burst { get; init; } = 40;
}

/// <summary>Sign-in throttling and the bound on concurrent password hashing (see Web/Auth/SignInGuard).</summary>
public sealed record SignInLimits
{
    /// <summary>Failed tries an account may have in a row; one more is allowed every <see cref="AccountRefillEvery"/>.</summary>
    public int FailuresPerAccount { get; init; } = 10;
    public TimeSpan AccountRefillEvery { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed tries (passwords, student tokens, API tokens) one client address may have in a row.</summary>
    public int FailuresPerAddress { get; init; } = 50;
    public TimeSpan AddressRefillEvery { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>PBKDF2 computations at once (~0.7 s of one core each): half the cores, so the API keeps the rest.</summary>
    public int ConcurrentPasswordChecks { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Sign-ins that may wait for a free check; beyond that they are told to try again.</summary>
    public int QueuedPasswordChecks { get; init; } = Math.Max(2, Environment.ProcessorCount);
}
