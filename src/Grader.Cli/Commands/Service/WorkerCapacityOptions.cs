using System.CommandLine;
using Grader.Worker;

namespace Grader.Cli.Commands.Service;

/// <summary>How much a worker takes on at once: <c>--concurrency</c> and <c>--batch-size</c>, for <c>grader worker</c> and <c>grader serve --worker</c>.</summary>
public sealed class WorkerCapacityOptions
{
    private readonly Option<int> concurrency = new Option<int>("--concurrency") { Description = "Jobs (or batches of jobs) the worker runs at once." }
        .FromEnvironment("GRADER_CONCURRENCY", () => Environment.ProcessorCount);

    private readonly Option<int> batchSize = new Option<int>("--batch-size")
    {
        Description = "Most submissions graded in one transaction when a backlog waits (1: one at a time).",
    }.FromEnvironment("GRADER_BATCH_SIZE", () => new WorkerSettings().BatchSize);

    public void AddTo(Command command)
    {
        command.Options.Add(concurrency);
        command.Options.Add(batchSize);
    }

    public WorkerSettings Apply(ParseResult parse, WorkerSettings settings) => settings with
    {
        Concurrency = Math.Max(1, parse.GetValue(concurrency)),
        BatchSize = Math.Max(1, parse.GetValue(batchSize)),
    };
}
