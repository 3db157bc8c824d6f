using Grader.Data.Files;
using Grader.Data.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Grader.Data;

/// <summary>Registers the store: one Npgsql data source, pooled contexts, queue and file store.</summary>
public static class DataServices
{
    public static IServiceCollection AddGraderData(this IServiceCollection services, string connectionString,
        QueueOptions? queueOptions = null)
    {
        services.AddSingleton(_ => GraderDataSource.Create(connectionString));
        services.AddPooledDbContextFactory<GraderDbContext>((provider, options) =>
            Configure(options, provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton(queueOptions ?? new QueueOptions());
        services.AddSingleton<JobQueue>();
        services.AddSingleton<WorkerRegistry>();
        services.AddSingleton<FileStore>();
        return services;
    }

    /// <summary>
    /// EF Core's own error events (a failed connection, query, command or save) are logged at Debug:
    /// the exception still reaches the caller, who reports it once (the API's 503 handler once per
    /// outage, a worker with its job, the host for anything unhandled); at Error they doubled every
    /// failure with two stack traces.
    /// </summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource).UseQueryTrackingBehavior(QueryTrackingBehavior.TrackAll)
            .ConfigureWarnings(w => w.Log(
                (RelationalEventId.ConnectionError, LogLevel.Debug),
                (RelationalEventId.CommandError, LogLevel.Debug),
                (RelationalEventId.TransactionError, LogLevel.Debug),
                (CoreEventId.QueryIterationFailed, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug)));

    /// <summary>A context factory without dependency injection (tools and tests).</summary>
    public static IDbContextFactory<GraderDbContext> CreateFactory(NpgsqlDataSource dataSource) =>
        new ServiceCollection()
            .AddPooledDbContextFactory<GraderDbContext>(options => Configure(options, dataSource))
            .BuildServiceProvider()
            .GetRequiredService<IDbContextFactory<GraderDbContext>>();
}
