using System.CommandLine;
using Grader.Evaluation;
using Grader.Worker.Models;
using Grader.Worker.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace Grader.Cli.Commands.Service;

/// <summary>
/// How a process that runs a worker evaluates uploaded models (the gpu queue): on the GPU when
/// one is usable; without one, on the CPU only with <c>--cpu-models</c>, else the gpu jobs are
/// left for a worker that has a GPU. Every model runs in a sandbox child (bubblewrap when
/// installed) under memory and time limits; a worker whose sandbox does not start leaves the gpu
/// jobs too. The choices, and why, are printed at start and recorded with every mark.
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

    public Option<SandboxChoice> Sandbox { get; } = new Option<SandboxChoice>("--sandbox")
    {
        Description = "How models are isolated: Auto (bubblewrap when installed, else a plain child process), Bubblewrap, or Process.",
    }.FromEnvironment("GRADER_SANDBOX", () => SandboxChoice.Auto);

    public Option<int> MemoryMiB { get; } = new Option<int>("--model-memory")
    {
        Description = "Memory one model evaluation may use, in MiB (beyond it the model gets 0 with the reason).",
    }.FromEnvironment("GRADER_MODEL_MEMORY", () => (int)(new SandboxLimits().MemoryBytes >> 20));

    public Option<double> TimeLimitMinutes { get; } = new Option<double>("--model-time-limit")
    {
        Description = "Minutes one model may take for the whole test set (beyond it: 0 with the reason).",
    }.FromEnvironment("GRADER_MODEL_TIME_LIMIT", () => new SandboxLimits().TimeLimit.TotalMinutes);

    public ModelEvaluationOptions()
    {
        MemoryMiB.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 256) r.AddError("--model-memory is at least 256 (MiB)"); });
        TimeLimitMinutes.Validators.Add(r => { if (!(r.GetValueOrDefault<double>() > 0)) r.AddError("--model-time-limit must be positive"); });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(CpuModels);
        command.Options.Add(NoGpu);
        Cuda.AddTo(command);
        command.Options.Add(DataDirectory);
        command.Options.Add(Sandbox);
        command.Options.Add(MemoryMiB);
        command.Options.Add(TimeLimitMinutes);
    }

    /// <summary>Registers the sandboxed evaluator on the chosen backend; null (and a message
    /// saying why) when this process leaves models to another worker.</summary>
    public async Task<Action<IServiceCollection>?> ConfigureAsync(ParseResult parse, CliOutput output, CancellationToken cancellationToken)
    {
        var choice = BackendSelection.Choose(parse.GetValue(NoGpu) ? ModelDevice.Cpu : ModelDevice.Auto, parse.GetValue(CpuModels), () => Cuda.Open(parse));
        if (choice.Backend is not { } backend)
        {
            output.Error.WriteLine($"grader: {choice.Message} (--cpu-models evaluates them on the CPU here)");
            return null;
        }
        output.Error.WriteLine($"grader: {choice.Message}");
        var dataDirectory = Files.DataDirectory.Resolve(parse.GetValue(DataDirectory));
        var limits = new SandboxLimits
        {
            MemoryBytes = (long)parse.GetValue(MemoryMiB) << 20,
            TimeLimit = TimeSpan.FromMinutes(parse.GetValue(TimeLimitMinutes)),
        };
        var sandbox = await SandboxStartup.OpenAsync(parse.GetValue(Sandbox), limits, dataDirectory, backend, output, check: true, cancellationToken);
        if (sandbox is null)
        {
            output.Error.WriteLine("grader: model evaluations are left for a worker whose sandbox starts");
            return null;
        }
        output.Error.WriteLine($"grader: models are evaluated in a {sandbox.Settings.Describe()}");
        var settings = new ModelEvaluatorSettings(dataDirectory)
        {
            Backend = backend,
            // The GPU wants large batches; the CPU's working set stays in cache with 64.
            BatchSize = backend is Grader.Inference.Cuda.CudaBackend ? 256 : 64,
            TimeLimit = limits.TimeLimit,
        };
        return services => services.AddSingleton<IModelEvaluator>(new SandboxedModelEvaluator(settings, sandbox));
    }
}
