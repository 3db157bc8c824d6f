using System.CommandLine;
using Grader.Data.Queue;
using Grader.Worker;
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
        var queues = new Option<string>("--queues") { Description = "Queues to take, comma-separated: cpu, gpu.", DefaultValueFactory = _ => QueueNames.Cpu };
        var capacity = new WorkerCapacityOptions();
        var name = new Option<string?>("--name") { Description = "Worker name in the job table (default host:pid)." };
        var lease = new Option<double>("--lease-seconds") { Description = "Lease length; a dead worker's jobs return after it.", DefaultValueFactory = _ => 30 };
        var models = new ModelEvaluationOptions();
        var command = new Command("worker", "Run a grading worker.") { db, queues, name, lease };
        capacity.AddTo(command);
        models.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (DatabaseOption.Resolve(parse.GetValue(db)) is not { } connectionString)
                return output.Fail($"no database: pass --db or set {DatabaseOption.Variable}");
            var queueNames = parse.GetValue(queues)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (queueNames.Length == 0 || queueNames.Any(q => !QueueNames.All.Contains(q)))
                return output.Fail($"--queues takes {string.Join(", ", QueueNames.All)}");
            var settings = capacity.Apply(parse, new WorkerSettings
            {
                Queues = queueNames,
                Name = parse.GetValue(name) ?? new WorkerSettings().Name,
            });
            var queue = new QueueOptions { LeaseDuration = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(lease))) };
            // Only a worker that takes the gpu queue needs (and opens) a model backend.
            var evaluator = queueNames.Contains(QueueNames.Gpu) ? models.Configure(parse, output) : null;
            using var host = WorkerHost.Build(connectionString, settings, queue, evaluator);
            await host.RunAsync(cancellationToken);
            return GraderApp.ExitOk;
        });
        return command;
    }
}
