using Grader.Inference.Cuda.Native;

namespace Grader.Inference.Cuda.Runtime;

/// <summary>
/// One GPU with its primary context and the compiled kernels. The driver's current context is
/// per thread, so every entry point that may run on another thread calls <see cref="Enter"/>.
/// After a sticky error (a kernel faulted) the context is unusable: the next <see cref="Enter"/>
/// resets it, and everything allocated in it before is invalid. One instance per device and
/// process (<see cref="CudaLibraries.Device"/>), kept for the process's life.
/// </summary>
internal sealed class CudaDevice
{
    public CudaLibraries Libraries { get; }
    public CudaDriver Driver => Libraries.Driver;
    public string Name { get; }
    public int Major { get; }
    public int Minor { get; }
    public int Multiprocessors { get; }
    public long TotalMemory { get; }
    /// <summary>Incremented by each context reset: objects created under an older generation are dead.</summary>
    public int Generation { get; private set; }

    private readonly int device;
    private readonly KernelCompiler compiler;
    private IntPtr context;
    private KernelModule? kernels;
    private bool poisoned;
    private readonly Lock gate = new();

    public CudaDevice(CudaLibraries libraries, CudaOptions options)
    {
        Libraries = libraries;
        if (Driver.Init() is { } failed)
            throw new CudaUnavailableException(failed.Code switch
            {
                100 => "no CUDA-capable GPU is visible (cuInit: CUDA_ERROR_NO_DEVICE)",
                35 => "the NVIDIA driver is older than this CUDA library needs (cuInit: CUDA_ERROR_INSUFFICIENT_DRIVER)",
                _ => $"the CUDA driver did not start: {failed.Message}",
            }, failed);
        int count = Driver.DeviceCount();
        if (options.Device < 0 || options.Device >= count)
            throw new CudaUnavailableException($"CUDA device {options.Device} asked for, but {count} device(s) are visible");
        device = Driver.Device(options.Device);
        Name = Driver.DeviceName(device);
        Major = Driver.Attribute(device, CudaDriver.AttrComputeCapabilityMajor);
        Minor = Driver.Attribute(device, CudaDriver.AttrComputeCapabilityMinor);
        Multiprocessors = Driver.Attribute(device, CudaDriver.AttrMultiprocessorCount);
        TotalMemory = Driver.TotalMemory(device);
        compiler = new KernelCompiler(libraries.Nvrtc, options.KernelCacheDirectory);
        context = Driver.RetainPrimaryContext(device);
    }

    public string Architecture => $"sm_{Major}{Minor}";

    /// <summary>Makes the context current on this thread, resetting it first after a fault.</summary>
    public void Enter()
    {
        lock (gate)
        {
            if (poisoned)
            {
                kernels = null; // its module died with the context
                Driver.ResetPrimaryContext(device);
                // The reset context is initialised again on its next retain; take the handle anew.
                context = Driver.RetainPrimaryContext(device);
                poisoned = false;
                Generation++;
            }
            Driver.SetCurrent(context);
        }
    }

    /// <summary>Records that <paramref name="e"/> left the context unusable (see <see cref="CudaException.IsSticky"/>).</summary>
    public void Observe(CudaException e)
    {
        if (e.IsSticky) poisoned = true;
    }

    public KernelModule Kernels
    {
        get
        {
            lock (gate) return kernels ??= new KernelModule(this, compiler.Compile(Major, Minor));
        }
    }

    public (long Free, long Total) Memory() => Driver.MemoryInfo();
}
