using System.CommandLine;
using Grader.Inference;
using Grader.Cli.Commands.Service;
using Grader.Inference.Cuda;

namespace Grader.Cli.Commands;

/// <summary><c>--cuda-path</c> and <c>--tf32</c>: where the CUDA libraries are and whether
/// TF32 tensor cores may be used; opens the GPU for the commands that evaluate models.</summary>
public sealed class CudaOptionsBinding
{
    public Option<string?> LibraryPath { get; } = new("--cuda-path")
    {
        Description = $"Folders (':'-separated) holding the CUDA libraries, searched first (default: ${CudaOptions.PathVariable}).",
    };

    public Option<bool> Tf32 { get; } = new Option<bool>("--tf32")
    {
        Description = "Let the GPU use TF32 tensor cores (faster, about 3 fewer significant digits in products). Default fp32.",
    }.FromEnvironment("GRADER_TF32", () => false);

    public void AddTo(Command command)
    {
        command.Options.Add(LibraryPath);
        command.Options.Add(Tf32);
    }

    public (IInferenceBackend? Gpu, string Reason) Open(ParseResult parse)
    {
        var options = CudaOptions.FromEnvironment();
        if (parse.GetValue(LibraryPath) is { Length: > 0 } path) options = options with { LibraryPath = path };
        options = options with { AllowTf32 = parse.GetValue(Tf32) };
        return CudaBackend.TryCreate(options, out var backend, out var reason) ? (backend, "") : (null, reason);
    }
}
