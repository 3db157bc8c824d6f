namespace Grader.Inference.Cuda;

/// <summary>The engine on an NVIDIA GPU (stub: the implementation lands next).</summary>
public sealed class CudaBackend : IInferenceBackend, IDisposable
{
    private CudaBackend() { }

    /// <summary>e.g. "cuda (NVIDIA H100 80GB HBM3, sm_90, fp32, cuDNN 9.1.0)".</summary>
    public string Name => "cuda";

    /// <summary>Opens the device. Throws <see cref="CudaUnavailableException"/> with the reason
    /// (library missing, no device, driver too old).</summary>
    public static CudaBackend Create(CudaOptions? options = null) =>
        throw new CudaUnavailableException("the CUDA backend is not built yet");

    /// <summary>Like <see cref="Create"/>, but returns false with the reason instead of throwing.</summary>
    public static bool TryCreate(CudaOptions? options, out CudaBackend? backend, out string reason)
    {
        try { backend = Create(options); reason = ""; return true; }
        catch (CudaUnavailableException e) { backend = null; reason = e.Message; return false; }
    }

    public ICompiledModel Compile(InferenceModel model, CompileOptions? options = null) => throw new NotImplementedException();

    public void Dispose() { }
}
