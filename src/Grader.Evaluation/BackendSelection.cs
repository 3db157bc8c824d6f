using Grader.Inference;
using Grader.Inference.Cpu;

namespace Grader.Evaluation;

/// <summary>Where a process asks to evaluate models.</summary>
public enum ModelDevice
{
    /// <summary>The GPU when one is usable, else the CPU if that is allowed.</summary>
    Auto,
    /// <summary>The GPU or nothing.</summary>
    Gpu,
    /// <summary>The CPU, never the GPU.</summary>
    Cpu,
}

/// <summary>The engine backend chosen, or none (models are then left to another worker), and a
/// sentence for the operator saying which and why.</summary>
public sealed record BackendChoice(IInferenceBackend? Backend, string Message);

/// <summary>
/// Picks the backend a worker or the CLI evaluates models with. Opening the GPU is passed in
/// (the CUDA backend lives in its own assembly, and tests pass a stand-in); it returns the
/// backend or the reason there is none.
/// </summary>
public static class BackendSelection
{
    public static BackendChoice Choose(ModelDevice device, bool cpuAllowed, Func<(IInferenceBackend? Gpu, string Reason)> openGpu)
    {
        if (device == ModelDevice.Cpu)
            return cpuAllowed
                ? new BackendChoice(new CpuBackend(), "models are evaluated on the CPU")
                : new BackendChoice(null, "models are not evaluated here: the GPU is turned off and the CPU is not allowed for models");
        var (gpu, reason) = openGpu();
        if (gpu is not null) return new BackendChoice(gpu, $"models are evaluated on the GPU: {gpu.Name}");
        if (device == ModelDevice.Gpu) return new BackendChoice(null, $"no usable GPU: {reason}");
        return cpuAllowed
            ? new BackendChoice(new CpuBackend(), $"no usable GPU ({reason}); models are evaluated on the CPU")
            : new BackendChoice(null, $"no usable GPU ({reason}); model evaluations are left for a worker that has one");
    }
}
