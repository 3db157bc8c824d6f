using Grader.Inference.Cuda.Native;
using Grader.Inference.Cuda.Runtime;

namespace Grader.Inference.Cuda;

/// <summary>
/// The engine on an NVIDIA GPU: the same plans as the CPU backend (graph passes, BatchNorm
/// folding, epilogue fusion, memory planning), bound to cuDNN / cuBLAS and our NVRTC-compiled
/// kernels. Thread-safe; each compiled model has its own streams and buffers.
/// </summary>
public sealed class CudaBackend : IInferenceBackend, IDisposable
{
    private readonly CudaDevice device;
    private readonly CudaOptions options;

    private CudaBackend(CudaDevice device, CudaOptions options)
    {
        this.device = device;
        this.options = options;
        var libs = device.Libraries;
        Name = $"cuda ({device.Name}, {device.Architecture}, {(options.AllowTf32 ? "tf32" : "fp32")}, "
            + (libs.Cudnn is { } cudnn && options.UseCudnn ? $"cuDNN {cudnn.Version})" : "no cuDNN)");
    }

    /// <summary>e.g. "cuda (NVIDIA H100 80GB HBM3, sm_90, fp32, cuDNN 9.1.0)": recorded with every
    /// mark it produces, so a grading run says it ran on the GPU and how.</summary>
    public string Name { get; }

    public string DeviceName => device.Name;
    public long DeviceMemoryBytes => device.TotalMemory;
    /// <summary>Why cuDNN is not used, when it is not (convolutions then run as im2col + cuBLAS).</summary>
    public string? CudnnMissing => options.UseCudnn ? device.Libraries.CudnnMissing : "turned off in the options";
    /// <summary>e.g. "sm_90 cubin" or "compute_86 PTX".</summary>
    public string KernelTarget => $"{device.Kernels.Compiled.Target} {(device.Kernels.Compiled.IsCubin ? "cubin" : "PTX")}";
    internal CudaDevice Device => device;
    internal CudaOptions Options => options;

    /// <summary>The options it was opened with, the kernel cache folder resolved: what another
    /// process (a sandboxed evaluation) needs to open the same backend from the same cache.</summary>
    public CudaOptions EffectiveOptions => options with { KernelCacheDirectory = options.KernelCacheDirectory ?? KernelCompiler.DefaultCacheDirectory() };

    /// <summary>Opens the device and compiles the kernels (or finds them cached). Throws
    /// <see cref="CudaUnavailableException"/> with the reason: a library missing (and where it was
    /// looked for), no device, a driver too old.</summary>
    public static CudaBackend Create(CudaOptions? options = null)
    {
        options ??= CudaOptions.FromEnvironment();
        try
        {
            var device = CudaLibraries.Open(options).Device(options);
            device.Enter();
            _ = device.Kernels;
            return new CudaBackend(device, options);
        }
        catch (CudaException e)
        {
            throw new CudaUnavailableException($"the GPU could not be set up: {e.Message}", e);
        }
    }

    /// <summary>Like <see cref="Create"/>, but returns false with the reason instead of throwing.</summary>
    public static bool TryCreate(CudaOptions? options, out CudaBackend? backend, out string reason)
    {
        try { backend = Create(options); reason = ""; return true; }
        catch (CudaUnavailableException e) { backend = null; reason = e.Message; return false; }
    }

    public ICompiledModel Compile(InferenceModel model, CompileOptions? options = null) =>
        new CudaCompiledModel(this, model, options ?? new CompileOptions());

    /// <summary>Nothing to free: the device and its kernels stay open for the process (compiled
    /// models free their own memory).</summary>
    public void Dispose() { }
}
