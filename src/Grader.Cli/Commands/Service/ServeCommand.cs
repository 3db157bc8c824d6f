using System.CommandLine;
using Grader.Data.Queue;
using Grader.Server.Hosting;
using Grader.Server.Web.Queue;
using Grader.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Grader.Cli.Commands.Service;

/// <summary>
/// <c>grader serve</c>: the upload API; with <c>--worker</c> also a grading worker in the same
/// process (one machine). Migrations are applied on start. Stops on Ctrl-C / SIGTERM.
/// </summary>
public static class ServeCommand
{
    public static Command Create(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, ';'-separated." }.FromEnvironment("GRADER_URLS", () => "http://127.0.0.1:8080");
        var worker = new Option<bool>("--worker") { Description = "Run a grading worker in this process too (cpu queue; gpu queue on a GPU, or on the CPU with --cpu-models)." };
        var capacity = new WorkerCapacityOptions();
        var answersLimit = new Option<long>("--max-answers-bytes") { Description = "Largest answers file." }
            .FromEnvironment("GRADER_MAX_ANSWERS_BYTES", () => new UploadLimits().AnswersBytes);
        var modelLimit = new Option<long>("--max-model-bytes") { Description = "Largest model file." }
            .FromEnvironment("GRADER_MAX_MODEL_BYTES", () => new UploadLimits().ModelBytes);
        var rate = new Option<int>("--rate-limit") { Description = "Requests per second per person: API token, upload form and pushes together (burst: twice that)." }
            .FromEnvironment("GRADER_RATE_LIMIT", () => new RateLimits().RequestsPerPeriod);
        var proxies = new Option<string>("--trusted-proxies")
        {
            Description = "Reverse proxies (addresses or CIDR networks, comma-separated) whose X-Forwarded-For/-Proto are believed.",
        }.FromEnvironment("GRADER_TRUSTED_PROXIES", () => "");
        var waitWarning = new Option<double>("--model-wait-warning")
        {
            Description = "Minutes a model evaluation may wait before the submission page and the queue monitor warn.",
        }.FromEnvironment("GRADER_MODEL_WAIT_WARNING", () => new ModelWaitSettings().WarnAfter.TotalMinutes);
        var models = new ModelEvaluationOptions();
        var observability = new ObservabilityOptions();
        var command = new Command("serve", "Run the grading service's HTTP API.") { db, urls, worker, answersLimit, modelLimit, rate, proxies, waitWarning };
        capacity.AddTo(command);
        models.AddTo(command);
        observability.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (DatabaseOption.Resolve(parse.GetValue(db)) is not { } connectionString)
                return output.Fail($"no database: pass --db or set {DatabaseOption.Variable}");
            if (observability.MetricsClients(parse, output) is not { } metricsClients
                || ObservabilityOptions.Networks(parse.GetValue(proxies)!, proxies.Name, output) is not { } trustedProxies)
                return GraderApp.ExitBadInput;
            var settings = new ServerSettings
            {
                ConnectionString = connectionString,
                Urls = parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Limits = new UploadLimits { AnswersBytes = parse.GetValue(answersLimit), ModelBytes = parse.GetValue(modelLimit) },
                RateLimits = new RateLimits { RequestsPerPeriod = parse.GetValue(rate), Burst = 2 * parse.GetValue(rate) },
                TrustedProxies = trustedProxies,
                MetricsClients = metricsClients,
                ModelWait = new ModelWaitSettings { WarnAfter = TimeSpan.FromMinutes(Math.Max(0, parse.GetValue(waitWarning))) },
            };
            // The gpu queue is taken only if an evaluator is registered (see GradingWorker).
            var inProcess = parse.GetValue(worker) ? capacity.Apply(parse, new WorkerSettings { Queues = [QueueNames.Cpu, QueueNames.Gpu] }) : null;
            var logging = observability.ConfigureLogging(parse);
            var evaluator = inProcess is null ? null : await models.ConfigureAsync(parse, output, cancellationToken);
            await using var app = GraderServer.Build(settings, inProcess is null ? logging : logging + WithWorker(inProcess, evaluator));
            await app.StartAsync(cancellationToken);
            output.Out.WriteLine($"grader: serving on {string.Join(", ", app.Urls)}{(inProcess is null ? "" : " with a worker")}");
            await app.WaitForShutdownAsync(cancellationToken);
            return GraderApp.ExitOk;
        });
        return command;
    }

    private static Action<IServiceCollection> WithWorker(WorkerSettings worker, Action<IServiceCollection>? models) => services =>
    {
        services.AddGraderWorker(worker);
        models?.Invoke(services);
    };
}
