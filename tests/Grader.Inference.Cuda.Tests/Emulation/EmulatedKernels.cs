using System.Diagnostics;
using System.Runtime.InteropServices;
using Grader.Inference.Cuda.Runtime;

namespace Grader.Inference.Cuda.Tests.Emulation;

/// <summary>
/// The backend's kernel program (<see cref="KernelSources.Program"/>, the exact text NVRTC gets)
/// compiled as host C++ with g++ and cuda_host.h, loaded once per test run. Kernels are called
/// through their exported extern "C" symbols with host pointers where device pointers would go.
/// Where g++ is missing the tests that need it are skipped visibly; a compile error fails them.
/// </summary>
internal sealed unsafe class EmulatedKernels
{
    private static readonly Lazy<(EmulatedKernels? Kernels, string Reason)> Built = new(Build);

    private readonly IntPtr library;

    private EmulatedKernels(IntPtr library)
    {
        this.library = library;
        SetLaunch = (delegate* unmanaged<uint, uint, void>)Export("emu_set_launch");
        SetThread = (delegate* unmanaged<uint, uint, void>)Export("emu_set_thread");
    }

    /// <summary>The compiled kernels, or a skip naming why there are none.</summary>
    public static EmulatedKernels Library
    {
        get
        {
            var (kernels, reason) = Built.Value;
            if (kernels is null) Assert.Skip(reason);
            return kernels!;
        }
    }

    public delegate* unmanaged<uint, uint, void> SetLaunch { get; }
    public delegate* unmanaged<uint, uint, void> SetThread { get; }

    public IntPtr Export(string name) => NativeLibrary.GetExport(library, name);

    private static (EmulatedKernels?, string) Build()
    {
        var compiler = FindOnPath("g++");
        if (compiler is null) return (null, "g++ is not installed here: the CUDA kernels cannot be emulated on the CPU");
        string here = Path.Combine(AppContext.BaseDirectory, "Emulation");
        var dir = Directory.CreateTempSubdirectory("grader-emu-").FullName;
        try
        {
            string source = Path.Combine(dir, "kernels.cpp"), output = Path.Combine(dir, "libgrader_emu.so");
            File.WriteAllText(source, KernelSources.Program + "\n" + File.ReadAllText(Path.Combine(here, "emu_entry.cpp")));
            var start = new ProcessStartInfo(compiler) { RedirectStandardError = true, RedirectStandardOutput = true };
            // -fno-fast-math semantics (the default) and -O1: IEEE results close to the GPU's, a quick build.
            foreach (var a in new[] { "-std=c++20", "-O1", "-Wall", "-Werror", "-shared", "-fPIC", "-pthread",
                         "-include", Path.Combine(here, "cuda_host.h"), "-x", "c++", source, "-o", output })
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"g++ could not compile the kernels as C++:\n{errors.Result}");
            return (new EmulatedKernels(NativeLibrary.Load(output)), "");
        }
        finally
        {
            // Loaded libraries stay mapped after their file is deleted.
            Directory.Delete(dir, true);
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
