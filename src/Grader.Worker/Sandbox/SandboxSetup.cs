using Grader.Inference;
using Grader.Inference.Cuda;
using Grader.Worker.Sandbox.Protocol;

namespace Grader.Worker.Sandbox;

/// <summary>Which isolation an operator asks for.</summary>
public enum SandboxChoice
{
    /// <summary>Bubblewrap when bwrap is installed, else a plain child process (and a warning).</summary>
    Auto,
    /// <summary>Bubblewrap or nothing.</summary>
    Bubblewrap,
    /// <summary>A plain child process even where bubblewrap is installed (a host that forbids
    /// the namespaces it needs, such as an unprivileged container, which is then the sandbox).</summary>
    Process,
}

/// <summary>Sandbox settings for a process that evaluates models on a given backend.</summary>
public static class SandboxSetup
{
    /// <summary>The settings for children evaluating on <paramref name="backend"/> with the data
    /// sets in <paramref name="dataDirectory"/>. Throws <see cref="SandboxUnavailableException"/>
    /// when bubblewrap is required and missing.</summary>
    public static SandboxSettings Settings(SandboxChoice choice, SandboxLimits limits, string dataDirectory, IInferenceBackend backend)
    {
        string? bwrap = choice == SandboxChoice.Process ? null : FindBubblewrap();
        if (choice == SandboxChoice.Bubblewrap && bwrap is null)
            throw new SandboxUnavailableException("bubblewrap (bwrap) is not installed (Debian: apt-get install bubblewrap)");
        var readOnly = new List<string> { Path.GetFullPath(dataDirectory) };
        IReadOnlyList<string> devices = [];
        if (backend is CudaBackend cuda)
        {
            readOnly.AddRange(GpuAccess.LoadedLibraryFolders());
            readOnly.Add(cuda.EffectiveOptions.KernelCacheDirectory!);
            devices = GpuAccess.DeviceNodes();
        }
        return new SandboxSettings
        {
            Isolation = bwrap is null ? SandboxIsolation.Process : SandboxIsolation.Bubblewrap,
            BubblewrapPath = bwrap,
            Limits = limits,
            ReadOnlyPaths = readOnly,
            Devices = devices,
        };
    }

    /// <summary>The backend the children open: the CPU, or the same GPU with the same libraries and kernel cache.</summary>
    internal static ChildDevice Device(IInferenceBackend? backend)
    {
        if (backend is not CudaBackend cuda) return ChildDevice.Cpu;
        var options = cuda.EffectiveOptions;
        var folders = GpuAccess.LoadedLibraryFolders().Prepend(options.LibraryPath).Where(f => !string.IsNullOrEmpty(f));
        return new ChildDevice(true, string.Join(':', folders), options.AllowTf32, options.KernelCacheDirectory);
    }

    /// <summary>bwrap on the PATH, or null.</summary>
    public static string? FindBubblewrap() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "bwrap")).FirstOrDefault(File.Exists);
}
