namespace Grader.Inference.Cuda;

/// <summary>How the CUDA backend finds its libraries and runs.</summary>
public sealed record CudaOptions
{
    /// <summary>Environment variable naming extra folders (':'-separated) searched first for the CUDA libraries.</summary>
    public const string PathVariable = "GRADER_CUDA_PATH";

    /// <summary>Folders searched before the system loader path and the nvidia/*/lib folders of
    /// an installed CUDA Python environment; ':'-separated.</summary>
    public string? LibraryPath { get; init; }

    /// <summary>CUDA device ordinal.</summary>
    public int Device { get; init; }

    /// <summary>Lets cuBLAS and cuDNN use TF32 tensor cores (about 10 bits of mantissa in the
    /// products). Off by default: marks are computed in fp32 unless a course opts in, and the
    /// backend's name says which.</summary>
    public bool AllowTf32 { get; init; }

    /// <summary>Use cuDNN's convolutions when the library is present (else im2col + cuBLAS).</summary>
    public bool UseCudnn { get; init; } = true;

    /// <summary>Where compiled kernels are cached per GPU architecture; null: a folder under the
    /// user's cache directory.</summary>
    public string? KernelCacheDirectory { get; init; }

    /// <summary>Options with <see cref="LibraryPath"/> taken from <see cref="PathVariable"/>.</summary>
    public static CudaOptions FromEnvironment() => new() { LibraryPath = Environment.GetEnvironmentVariable(PathVariable) };
}
