using System.CommandLine;
using Grader.Evaluation;
using Grader.Worker.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Grader.Cli.Commands.Service;

/// <summary>
/// How a process that runs a worker evaluates uploaded models (the gpu queue): on the GPU when
/// one is usable; without one, on the CPU only with <c>--cpu-models</c>, else the gpu jobs are
/// left for a worker that has a GPU. The choice, and why, is printed at start and recorded with
/// every mark (the engine's name names the device).
/// </summary>
public sealed class ModelEvaluationOptions
{
    public Option<bool> CpuModels { get; } = new Option<bool>("--cpu-models")
    {
        Description = "Evaluate uploaded models on the CPU when no GPU is usable (else gpu jobs wait for a worker with one).",
    }.FromEnvironment("GRADER_CPU_MODELS", () => false);

    public Option<bool> NoGpu { get; } = new Option<bool>("--no-gpu") { Description = "Do not use a GPU even if one is present." }
        .FromEnvironment("GRADER_NO_GPU", () => false);

    public CudaOptionsBinding Cuda { get; } = new();

    public Option<string?> DataDirectory { get; } = Files.DataDirectory.CreateOption();

    public void AddTo(Command command)
    {
        command.Options.Add(CpuModels);
        command.Options.Add(NoGpu);
        Cuda.AddTo(command);
        command.Options.Add(DataDirectory);
    }

    /// <summary>Registers the engine-backed evaluator on the chosen backend; null (and a message
    /// saying why) when this process leaves models to another worker.</summary>
    public Action<IServiceCollection>? Configure(ParseResult parse, CliOutput output)
    {
        var choice = BackendSelection.Choose(parse.GetValue(NoGpu) ? ModelDevice.Cpu : ModelDevice.Auto, parse.GetValue(CpuModels), () => Cuda.Open(parse));
        if (choice.Backend is not { } backend)
        {
            output.Error.WriteLine($"grader: {choice.Message} (--cpu-models evaluates them on the CPU here)");
            return null;
        }
        output.Error.WriteLine($"grader: {choice.Message}");
        var settings = new ModelEvaluatorSettings(Files.DataDirectory.Resolve(parse.GetValue(DataDirectory)))
        {
            Backend = backend,
            // The GPU wants large batches; the CPU's working set stays in cache with 64.
            BatchSize = backend is Grader.Inference.Cuda.CudaBackend ? 256 : 64,
        };
        return services => services.AddSingleton<IModelEvaluator>(new EngineModelEvaluator(settings));
    }
}
