using Grader.Data;
using Grader.Data.Queue;
using Grader.Server.Forges;
using Grader.Server.Rubrics;
using Grader.Server.Workers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grader.Server.Hosting;

/// <summary>Composition of a worker-only process (<c>grader worker</c>): no HTTP.</summary>
public static class WorkerHost
{
    public static IHost Build(string connectionString, WorkerSettings worker, QueueOptions queue,
        Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = worker.ShutdownGrace + TimeSpan.FromSeconds(10));
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.AddGraderData(connectionString, queue);
        builder.Services.AddSingleton<RubricCache>();
        builder.Services.AddForges();
        builder.Services.AddGraderWorker(worker);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}
