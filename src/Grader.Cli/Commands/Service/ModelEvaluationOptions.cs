using System.CommandLine;
using Grader.Cli.Files;
using Grader.Server.Workers;
using Microsoft.Extensions.DependencyInjection;

namespace Grader.Cli.Commands.Service;

/// <summary>
/// <c>--cpu-models</c> and <c>--data-dir</c> for processes that run a worker. The gpu queue holds
/// model evaluations; there is no CUDA backend yet, so a worker takes them only when explicitly
/// told to evaluate models on the CPU.
/// </summary>
public sealed class ModelEvaluationOptions
{
    public Option<bool> CpuModels { get; } = new("--cpu-models")
    {
        Description = "Evaluate uploaded models on the CPU (take the gpu queue without a GPU).",
    };

    public Option<string?> DataDirectory { get; } = Files.DataDirectory.CreateOption();

    public void AddTo(Command command)
    {
        command.Options.Add(CpuModels);
        command.Options.Add(DataDirectory);
    }

    /// <summary>Registers the engine-backed evaluator when asked to; null when models stay queued.</summary>
    public Action<IServiceCollection>? Configure(ParseResult parse)
    {
        if (!parse.GetValue(CpuModels)) return null;
        var settings = new ModelEvaluatorSettings(Files.DataDirectory.Resolve(parse.GetValue(DataDirectory)));
        return services => services.AddSingleton<IModelEvaluator>(new EngineModelEvaluator(settings));
    }
}
