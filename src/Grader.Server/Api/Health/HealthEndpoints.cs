using Grader.Data;
using Grader.Data.Migrations;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Api.Health;

/// <summary>
/// <c>/health</c>: the process is up (liveness). <c>/ready</c>: the database answers and its schema
/// is the one this program expects (readiness); 503 otherwise.
/// </summary>
public static class HealthEndpoints
{
    public sealed record HealthDto(string Status, int? SchemaVersion = null, string? Detail = null);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => Results.Ok(new HealthDto("ok")));
        app.MapGet("/ready", ReadyAsync);
        return app;
    }

    private static async Task<IResult> ReadyAsync(IDbContextFactory<GraderDbContext> contexts, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var db = await contexts.CreateDbContextAsync(timeout.Token);
            int version = await db.Database
                .SqlQuery<int>($"SELECT coalesce(max(version), 0) AS \"Value\" FROM schema_migrations")
                .SingleAsync(timeout.Token);
            return version == MigrationScript.Embedded.Count
                ? Results.Ok(new HealthDto("ready", version))
                : Results.Json(new HealthDto("migrating", version), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Results.Json(new HealthDto("unavailable", null, "database unreachable"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
