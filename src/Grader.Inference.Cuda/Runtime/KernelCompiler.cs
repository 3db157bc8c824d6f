using Grader.Inference.Cuda.Native;

namespace Grader.Inference.Cuda.Runtime;

/// <summary>Compiled kernels for one architecture: a cubin when NVRTC knows the device, else
/// PTX for the newest architecture it knows (the driver compiles that for the device).</summary>
internal sealed record CompiledKernels(byte[] Image, string Target, bool IsCubin);

/// <summary>
/// Compiles <see cref="KernelSources"/> with NVRTC for a compute capability, cached on disk per
/// kernel source hash, NVRTC version and architecture: NVRTC takes seconds, a cache hit
/// milliseconds, and a worker compiles once per machine.
/// </summary>
internal sealed class KernelCompiler(Nvrtc nvrtc, string? cacheDirectory)
{
    // fp32 accuracy as PyTorch: no fast-math (approximate exp, flushed denormals).
    private static readonly string[] CommonOptions = ["--std=c++14", "-default-device", "--extra-device-vectorization"];

    public CompiledKernels Compile(int major, int minor)
    {
        int arch = major * 10 + minor;
        var supported = nvrtc.SupportedArchitectures();
        bool cubin = supported.Contains(arch);
        int target = cubin ? arch : supported.Where(a => a <= arch).DefaultIfEmpty(supported.Min()).Max();
        string targetName = cubin ? $"sm_{target}" : $"compute_{target}";
        var (v1, v2) = nvrtc.Version;
        var dir = cacheDirectory ?? DefaultCacheDirectory();
        var file = Path.Combine(dir, $"kernels-{KernelSources.Hash}-nvrtc{v1}.{v2}-{targetName}.{(cubin ? "cubin" : "ptx")}");
        if (TryRead(file) is { } cached) return new CompiledKernels(cached, targetName, cubin);
        var image = nvrtc.Compile(KernelSources.Program, "grader_kernels.cu", [.. CommonOptions, $"--gpu-architecture={targetName}"], cubin);
        TryWrite(file, image);
        return new CompiledKernels(image, targetName, cubin);
    }

    public static string DefaultCacheDirectory()
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(root))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            root = string.IsNullOrEmpty(home) ? Path.GetTempPath() : Path.Combine(home, ".cache");
        }
        return Path.Combine(root, "grader", "cuda");
    }

    private static byte[]? TryRead(string file)
    {
        try { return File.Exists(file) ? File.ReadAllBytes(file) : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Best effort, atomically (write then rename): a read-only or full disk only costs a recompile.</summary>
    private static void TryWrite(string file, byte[] image)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var tmp = $"{file}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(tmp, image);
            File.Move(tmp, file, overwrite: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
