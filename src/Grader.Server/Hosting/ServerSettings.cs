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
}

/// <summary>Per-token request rate (a token bucket): steady rate and burst.</summary>
public sealed record RateLimits
{
    public int RequestsPerSecond { get; init; } = 20;
    public int Burst { get; init; } = 40;
}
