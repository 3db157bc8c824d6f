using System.Net;
using Prometheus;

namespace Grader.Data.Metrics;

/// <summary>
/// Answers a scrape, for the API's <c>/metrics</c> and a worker's metrics listener alike: only
/// clients in the allowed networks get the numbers (others 403); the text exposition format.
/// </summary>
public static class MetricsExport
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Writes the metrics to <paramref name="body"/> and returns 200, or returns 403 (nothing written) for a client outside <paramref name="allowed"/>.</summary>
    public static async Task<int> AnswerAsync(GraderMetrics metrics, NetworkList allowed, IPAddress? client, Stream body,
        Action<string> setContentType, CancellationToken cancellationToken)
    {
        if (!allowed.Contains(client)) return StatusCodes.Forbidden;
        setContentType(ContentType);
        await metrics.Registry.CollectAndExportAsTextAsync(body, cancellationToken);
        return StatusCodes.Ok;
    }

    private static class StatusCodes
    {
        public const int Ok = 200;
        public const int Forbidden = 403;
    }
}
