using Grader.Data;
using Grader.Data.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grader.Data.Migrations;

/// <summary>
/// Applies pending migrations when a process starts, before it serves or claims anything. A
/// database that is still starting is waited for (up to a minute).
/// </summary>
public sealed class DatabaseMigrator(IDbContextFactory<GraderDbContext> contexts, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                var result = await MigrationRunner.MigrateAsync(db, cancellationToken);
                if (result.Applied.Count > 0) logger.LogInformation("applied migrations {Versions}", string.Join(", ", result.Applied));
                return;
            }
            catch (Npgsql.NpgsqlException e) when (DateTimeOffset.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("database not reachable yet ({Message}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
