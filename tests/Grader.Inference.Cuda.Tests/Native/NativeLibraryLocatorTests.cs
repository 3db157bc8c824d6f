using System.Runtime.InteropServices;
using Grader.Inference.Cuda.Native;

namespace Grader.Inference.Cuda.Tests.Native;

/// <summary>Where the CUDA libraries are looked for, in which order, and what is said when one
/// is missing. A real shared library (the .NET runtime's own libSystem.Native) stands in for a
/// CUDA library under a name no system loader knows.</summary>
public sealed class NativeLibraryLocatorTests : IDisposable
{
    private const string Probe = "libgrader-probe.so.1";
    private readonly string root = Directory.CreateTempSubdirectory("grader-locator-").FullName;

    private string PlaceProbe(params string[] folder)
    {
        var dir = Path.Combine([root, .. folder]);
        Directory.CreateDirectory(dir);
        var native = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libSystem.Native.so");
        File.Copy(native, Path.Combine(dir, Probe));
        return dir;
    }

    [Fact]
    public void AConfiguredFolderIsSearchedFirst()
    {
        var configured = PlaceProbe("configured");
        PlaceProbe("site-packages", "nvidia", "cublas", "lib");
        var locator = new NativeLibraryLocator($"/nonexistent:{configured}", [Path.Combine(root, "site-packages")]);
        Assert.True(locator.TryLoad([Probe], out var lib, out _));
        Assert.Equal(Path.Combine(configured, Probe), lib!.Source);
    }

    [Fact]
    public void ThePythonCudaWheelsFoldersAreSearched()
    {
        var wheel = PlaceProbe("venv", "lib", "python3.11", "site-packages", "nvidia", "cudnn", "lib");
        var locator = new NativeLibraryLocator(null, [Path.Combine(root, "venv", "lib", "python3.11", "site-packages")]);
        Assert.True(locator.TryLoad(["libgrader-absent.so.9", Probe], out var lib, out _));
        Assert.Equal(Path.Combine(wheel, Probe), lib!.Source);
        Assert.NotEqual(IntPtr.Zero, lib.TryExport("SystemNative_GetPid"));
        Assert.Equal(IntPtr.Zero, lib.TryExport("cuInit"));
    }

    [Fact]
    public void PyTorchsOwnLibFolderIsSearchedAfterTheCudaWheels()
    {
        var site = Path.Combine(root, "site-packages");
        var torch = PlaceProbe("site-packages", "torch", "lib");
        var wheel = PlaceProbe("site-packages", "nvidia", "cudnn", "lib");
        var locator = new NativeLibraryLocator(null, [site]);
        Assert.True(locator.TryLoad([Probe], out var lib, out _));
        Assert.Equal(Path.Combine(wheel, Probe), lib!.Source);
        Assert.Equal([wheel, torch], NativeLibraryLocator.PythonNvidiaFolders([site]));
    }

    [Fact]
    public void AMissingLibraryIsNamedWithEveryPlaceLookedIn()
    {
        var wheels = Path.Combine(root, "site-packages");
        Directory.CreateDirectory(Path.Combine(wheels, "nvidia", "cublas", "lib"));
        var locator = new NativeLibraryLocator(Path.Combine(root, "mine"), [wheels]);
        var e = Assert.Throws<CudaUnavailableException>(() => locator.Load("cuBLAS", "libgrader-absent.so.12", "libgrader-absent.so"));
        Assert.StartsWith("cuBLAS not found (looked for libgrader-absent.so.12, libgrader-absent.so in ", e.Message);
        Assert.Contains($"{Path.Combine(root, "mine")} (configured)", e.Message);
        Assert.Contains("the system loader path", e.Message);
        Assert.Contains(Path.Combine(wheels, "nvidia", "cublas", "lib"), e.Message);
        Assert.EndsWith($"install it or name its folder in {CudaOptions.PathVariable}", e.Message);
    }

    [Fact]
    public void AMissingFunctionSaysTheLibraryIsNotTheOneExpected()
    {
        var dir = PlaceProbe("lib");
        Assert.True(new NativeLibraryLocator(dir, []).TryLoad([Probe], out var lib, out _));
        var e = Assert.Throws<CudaUnavailableException>(() => lib!.Export("cublasCreate_v2"));
        Assert.Contains("has no function cublasCreate_v2", e.Message);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
