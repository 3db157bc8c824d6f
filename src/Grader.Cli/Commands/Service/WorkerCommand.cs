using System.CommandLine;
using Grader.Data.Queue;
using Grader.Worker;
using Grader.Worker.Metrics;
using Microsoft.Extensions.Hosting;

namespace Grader.Cli.Commands.Service;

/// <summary>
/// <c>grader worker --queues cpu,gpu [--concurrency N]</c>: claims and grades jobs until stopped.
/// On SIGTERM / Ctrl-C it claims nothing more, lets running jobs finish for a grace period and
/// releases the rest. The gpu queue's models run on the GPU when one is usable, else on the CPU
/// with --cpu-models, else the worker says why and leaves gpu jobs queued.
/// </summary>
public static class WorkerCommand
{
    public static Command Create(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var queues = new Option<string>("--queues") { Description = "Queues to take, comma-separated: cpu, gpu." }.FromEnvironment("GRADER_QUEUES", () => QueueNames.Cpu);
        var capacity = new WorkerCapacityOptions();
        var name = new Option<string?>("--name") { Description = "Worker name in the job table (default host:pid)." }
            .FromEnvironment("GRADER_WORKER_NAME", () => null);
        var lease = new Option<double>("--lease-seconds") { Description = "Lease length; a dead worker's jobs return after it." }
            .FromEnvironment("GRADER_LEASE_SECONDS", () => new QueueOptions().LeaseDuration.TotalSeconds);
        var metricsPort = new Option<int>("--metrics-port") { Description = "Serve this worker's metrics at /metrics on this port (0: none)." }
            .FromEnvironment("GRADER_METRICS_PORT", () => 0);
        var models = new ModelEvaluationOptions();
        var observability = new ObservabilityOptions();
        var command = new Command("worker", "Run a grading worker.") { db, queues, name, lease, metricsPort };
        capacity.AddTo(command);
        models.AddTo(command);
        observability.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (DatabaseOption.Resolve(parse.GetValue(db)) is not { } connectionString)
                return output.Fail($"no database: pass --db or set {DatabaseOption.Variable}");
            var queueNames = parse.GetValue(queues)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (queueNames.Length == 0 || queueNames.Any(q => !QueueNames.All.Contains(q)))
                return output.Fail($"--queues takes {string.Join(", ", QueueNames.All)}");
            if (observability.MetricsClients(parse, output) is not { } metricsClients) return GraderApp.ExitBadInput;
            var settings = capacity.Apply(parse, new WorkerSettings
            {
                Queues = queueNames,
                Name = parse.GetValue(name) ?? new WorkerSettings().Name,
            });
            var queue = new QueueOptions { LeaseDuration = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(lease))) };
            // Only a worker that takes the gpu queue needs (and opens) a model backend.
            var configure = observability.ConfigureLogging(parse);
            if (queueNames.Contains(QueueNames.Gpu) && await models.ConfigureAsync(parse, output, cancellationToken) is { } evaluator) configure += evaluator;
            if (parse.GetValue(metricsPort) is > 0 and var port)
                configure += services => services.AddMetricsListener(new MetricsListenerSettings(port, metricsClients));
            using var host = WorkerHost.Build(connectionString, settings, queue, configure);
            await host.RunAsync(cancellationToken);
            return GraderApp.ExitOk;
        });
        return command;
    }
}
