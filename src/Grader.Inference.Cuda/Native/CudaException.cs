namespace Grader.Inference.Cuda.Native;

/// <summary>A CUDA library call that failed. <see cref="IsSticky"/>: the context is unusable
/// afterwards (a kernel faulted) and must be reset before the device is used again;
/// <see cref="IsOutOfMemory"/>: the request was too large, and nothing else is wrong.</summary>
public sealed class CudaException(string library, int code, string codeName, string call, string detail)
    : Exception($"{library} {call} failed: {codeName} ({code}){(detail.Length > 0 ? ": " + detail : "")}")
{
    public string Library { get; } = library;
    public int Code { get; } = code;
    public string CodeName { get; } = codeName;

    public bool IsOutOfMemory => (Library, Code) is ("CUDA", 2) or ("cuBLAS", 3) or ("cuDNN", 4);

    /// <summary>Driver errors after which the CUDA context is corrupt (cuda.h: "the process must
    /// be terminated and relaunched" for a plain context; the primary context can be reset).</summary>
    public bool IsSticky => Library == "CUDA" && Code is 700 or 702 or 714 or 715 or 716 or 717 or 718 or 719 or 720 or 999;
}
