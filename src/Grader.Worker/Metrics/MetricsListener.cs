using System.Net;
using Grader.Data.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grader.Worker.Metrics;

/// <summary>Where a worker-only process answers scrapes: a port on every address, and who may scrape.</summary>
public sealed record MetricsListenerSettings(int Port, NetworkList AllowedClients);

/// <summary>
/// <c>/metrics</c> of a worker-only process, on <see cref="HttpListener"/> (part of .NET): a
/// worker carries no web stack, and one GET route does not need one. It serves this process's
/// counters (jobs by outcome, latencies, lease renewals, its heartbeat); the queue gauges come
/// from the API, which reads them from the database once for all workers.
/// </summary>
public sealed class MetricsListener(GraderMetrics metrics, MetricsListenerSettings settings, ILogger<MetricsListener> logger)
    : BackgroundService
{
    private readonly HttpListener listener = new();

    /// <summary>Binds the port before the host counts as started: a port in use fails the start, and a scrape right after start is answered.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        listener.Prefixes.Add($"http://+:{settings.Port}/");
        listener.Start();
        logger.LogInformation("metrics at http://*:{Port}/metrics for {Allowed}", settings.Port, settings.AllowedClients);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        listener.Close();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var stop = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) when (stoppingToken.IsCancellationRequested) { return; }
            _ = AnswerAsync(context, stoppingToken);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        using var response = context.Response;
        try
        {
            response.StatusCode = context.Request.HttpMethod != "GET" || context.Request.Url?.AbsolutePath != "/metrics"
                ? (int)HttpStatusCode.NotFound
                : await MetricsExport.AnswerAsync(metrics, settings.AllowedClients, context.Request.RemoteEndPoint?.Address,
                    response.OutputStream, type => response.ContentType = type, cancellationToken);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or OperationCanceledException)
        {
            logger.LogDebug("metrics scrape abandoned: {Message}", e.Message);
        }
    }
}
