using Grader.Data.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Grader.Server.Hosting;

/// <summary>
/// The API's metrics: <c>/metrics</c> for the allowed networks only (settings:
/// <see cref="ServerSettings.MetricsClients"/>, loopback by default; the reverse proxy does not
/// pass it on), the queue gauges read from the database at each scrape, uploads counted by the
/// status they were answered with, and a worker's counters when one runs in this process.
/// </summary>
public static class Observability
{
    public static IServiceCollection AddGraderMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton<GraderMetrics>();
        services.AddSingleton<QueueMetricsRegistration>();
        return services;
    }

    /// <summary>Counts each answer to a submission upload by its status code; first in the pipeline, so it sees the final status (a 503 from the database handler, a 429 from the rate limiter).</summary>
    public static WebApplication UseUploadCounting(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<GraderMetrics>();
        app.Use(async (http, next) =>
        {
            await next(http);
            if (IsUpload(http.Request)) metrics.Uploads.WithLabels(http.Response.StatusCode.ToString()).Inc();
        });
        return app;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.Services.GetRequiredService<QueueMetricsRegistration>();
        app.MapGet("/metrics", async (HttpContext http, GraderMetrics metrics, ServerSettings settings, CancellationToken cancellationToken) =>
        {
            int status = await MetricsExport.AnswerAsync(metrics, settings.MetricsClients, http.Connection.RemoteIpAddress,
                http.Response.Body, type => http.Response.ContentType = type, cancellationToken);
            return status == StatusCodes.Status200OK
                ? Results.Empty
                : Results.Problem(statusCode: status, title: "Forbidden", detail: "Metrics are served only to the networks configured for them.");
        });
        return app;
    }

    /// <summary>POST /api/v1/assignments/{id}/submissions.</summary>
    private static bool IsUpload(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && request.Path.StartsWithSegments("/api/v1/assignments", out var rest)
        && rest.Value is { } tail && tail.Count(c => c == '/') == 2 && tail.EndsWith("/submissions", StringComparison.Ordinal);

    /// <summary>Registers the queue gauges once per process, when the endpoint is mapped.</summary>
    private sealed class QueueMetricsRegistration
    {
        public QueueMetricsRegistration(GraderMetrics metrics, NpgsqlDataSource dataSource) => QueueMetrics.Register(metrics, dataSource);
    }
}
