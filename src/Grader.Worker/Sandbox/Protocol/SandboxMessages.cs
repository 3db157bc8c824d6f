using System.Text.Json.Serialization;
using Grader.Core.Rubrics;
using Grader.Evaluation;
using Grader.Inference;

namespace Grader.Worker.Sandbox.Protocol;

/// <summary>Resource limits of the child: those asked for, or those in force as getrlimit reads them back (-1: unlimited).</summary>
internal sealed record ProcessLimits(long MemoryBytes, long CpuSeconds, long FileBytes, long OpenFiles);

/// <summary>The child's first frame, before it reads anything: it started, with these limits
/// (null on a system where it cannot set them). Without it, the sandbox did not start.</summary>
internal sealed record ChildReady(int ProcessId, ProcessLimits? Limits);

/// <summary>The engine backend the child opens: the worker's choice, made again in the child.</summary>
internal sealed record ChildDevice(bool Gpu, string? CudaLibraryPath = null, bool AllowTf32 = false, string? KernelCacheDirectory = null)
{
    public static ChildDevice Cpu { get; } = new(false);
}

/// <summary>One evaluation: a <see cref="ModelEvaluationRequest"/> without the model's bytes (the
/// next frame) and with the backend named, not opened.</summary>
internal sealed record ChildRequest(
    string Dataset, string DataDirectory, ModelPreprocessing Preprocessing, ModelAnswer? Answer, ModelArchitecture? Architecture,
    string? FileName, int BatchSize, TimeSpan TimeLimit, int? Limit, ChildDevice Device)
{
    /// <remarks>The data directory goes absolute: the child runs in a scratch folder (or bubblewrap's /tmp),
    /// where a path relative to the worker's working directory names nothing.</remarks>
    public static ChildRequest From(ModelEvaluationRequest request, ChildDevice device) => new(
        request.Dataset, Path.GetFullPath(request.DataDirectory), request.Preprocessing, request.Answer, request.Architecture,
        request.FileName, request.BatchSize, request.TimeLimit, request.Limit, device);

    public ModelEvaluationRequest ToEvaluation(ReadOnlyMemory<byte> model, IInferenceBackend backend) =>
        new(model, Dataset, DataDirectory, Preprocessing)
        {
            Answer = Answer,
            Architecture = Architecture,
            FileName = FileName,
            BatchSize = BatchSize,
            TimeLimit = TimeLimit,
            Limit = Limit,
            Backend = backend,
        };
}

internal sealed record ChildProgress(int Done, int Total);

internal enum FailureKind
{
    /// <summary>What the student must fix (the engine's ModelEvaluationException says so).</summary>
    Student,
    /// <summary>An allocation failed: the network needs more than the memory limit.</summary>
    OutOfMemory,
    /// <summary>The grader's problem (data set missing, device fault): retried.</summary>
    Infrastructure,
}

internal sealed record ChildFailure(FailureKind Kind, string Message);

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ChildReady))]
[JsonSerializable(typeof(ChildRequest))]
[JsonSerializable(typeof(ChildProgress))]
[JsonSerializable(typeof(ChildFailure))]
[JsonSerializable(typeof(ModelEvaluationResult))]
internal sealed partial class SandboxJson : JsonSerializerContext;
