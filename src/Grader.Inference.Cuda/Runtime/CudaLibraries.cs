using Grader.Inference.Cuda.Native;

namespace Grader.Inference.Cuda.Runtime;

/// <summary>
/// The native libraries the backend needs, opened once per process and search path: the driver,
/// NVRTC and cuBLAS are required; cuDNN is optional (without it convolutions use im2col + cuBLAS).
/// </summary>
internal sealed class CudaLibraries
{
    public CudaDriver Driver { get; }
    public Nvrtc Nvrtc { get; }
    public Cublas Cublas { get; }
    public Cudnn? Cudnn { get; }
    /// <summary>Why cuDNN is not used, when it is not.</summary>
    public string? CudnnMissing { get; }

    // Newest first: a machine with several toolkits gets the one its driver most likely matches.
    internal static readonly string[] DriverNames = ["libcuda.so.1", "libcuda.so"];
    internal static readonly string[] NvrtcNames = ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so"];
    internal static readonly string[] CublasNames = ["libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"];
    internal static readonly string[] CublasLtNames = ["libcublasLt.so.13", "libcublasLt.so.12", "libcublasLt.so.11", "libcublasLt.so"];
    internal static readonly string[] CudnnNames = ["libcudnn.so.9", "libcudnn.so.8", "libcudnn.so"];

    private static readonly Dictionary<string, CudaLibraries> Opened = [];
    private static readonly Lock Gate = new();

    private CudaLibraries(NativeLibraryLocator locator)
    {
        Driver = new CudaDriver(locator.Load("the CUDA driver library (part of the NVIDIA driver)", DriverNames));
        Nvrtc = LoadNvrtc(locator);
        // cuBLAS needs cuBLASLt beside it; pip's wheels keep them in separate folders.
        locator.TryLoad(CublasLtNames, out _, out _);
        Cublas = new Cublas(locator.Load("cuBLAS", CublasNames));
        if (locator.TryLoad(CudnnNames, out var cudnn, out var tried))
        {
            // cuDNN 9's libcudnn is a shim that dlopens its sub-libraries (cnn, ops, engines) by soname.
            NativeLibraryLocator.Preload(Path.GetDirectoryName(cudnn!.Source) ?? ".", "libcudnn_*.so*");
            try { Cudnn = new Cudnn(cudnn with { Name = "cuDNN" }); }
            catch (CudaUnavailableException e) { CudnnMissing = e.Message; }
        }
        else CudnnMissing = $"not found (looked in {tried})";
    }

    private static readonly Dictionary<int, CudaDevice> Devices = [];

    /// <summary>The device of that ordinal, opened once per process (whatever library path later
    /// callers give): every backend on it shares one primary context, so a reset after a fault is
    /// seen by all of them.</summary>
    public CudaDevice Device(CudaOptions options)
    {
        lock (Gate)
        {
            if (!Devices.TryGetValue(options.Device, out var device))
                Devices[options.Device] = device = new CudaDevice(this, options);
            return device;
        }
    }

    public static CudaLibraries Open(CudaOptions options)
    {
        string key = options.LibraryPath ?? "";
        lock (Gate)
        {
            if (!Opened.TryGetValue(key, out var libs))
                Opened[key] = libs = new CudaLibraries(new NativeLibraryLocator(options.LibraryPath));
            return libs;
        }
    }

    /// <summary>Just NVRTC: compiling kernels needs no GPU (the tests do it on any machine).</summary>
    public static Nvrtc OpenCompiler(string? libraryPath) => LoadNvrtc(new NativeLibraryLocator(libraryPath));

    private static Nvrtc LoadNvrtc(NativeLibraryLocator locator)
    {
        var nvrtc = locator.Load("NVRTC (the CUDA runtime compiler)", NvrtcNames);
        // libnvrtc dlopens its builtins library by soname; load it from the same folder first.
        NativeLibraryLocator.Preload(Path.GetDirectoryName(nvrtc.Source) ?? ".", "libnvrtc-builtins*.so*");
        return new Nvrtc(nvrtc);
    }
}
