using Grader.Data;
using Grader.Data.Migrations;
using Grader.Data.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grader.Worker;

/// <summary>Composition of a worker-only process (<c>grader worker</c>): the generic host, no HTTP.</summary>
public static class WorkerHost
{
    public static IHost Build(string connectionString, WorkerSettings worker, QueueOptions queue,
        Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        // EF Core logs every statement it runs at Information: several lines per job, which cost
        // a busy worker more CPU than the grading and bury its own messages. Its warnings stay.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = worker.ShutdownGrace + TimeSpan.FromSeconds(10));
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.AddGraderData(connectionString, queue);
        builder.Services.AddGraderWorker(worker);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}
