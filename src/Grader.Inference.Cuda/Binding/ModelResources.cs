using Grader.Inference.Cuda.Native;
using Grader.Inference.Cuda.Runtime;

namespace Grader.Inference.Cuda.Binding;

/// <summary>
/// What one compiled model holds on the device for all its plans: two streams (compute, and
/// host-to-device copies that overlap it), the cuBLAS and cuDNN handles bound to the compute
/// stream, and the weights, uploaded once and shared by every batch size's plan.
/// </summary>
internal sealed class ModelResources : IDisposable
{
    public CudaDevice Device { get; }
    public IntPtr ComputeStream { get; }
    public IntPtr CopyStream { get; }
    public IntPtr CublasHandle { get; }
    /// <summary>Zero when cuDNN is not used.</summary>
    public IntPtr CudnnHandle { get; }
    public bool AllowTf32 { get; }
    public Cublas Cublas => Device.Libraries.Cublas;
    public Cudnn? Cudnn { get; }

    private readonly Dictionary<object, DeviceBuffer> constants = new(ReferenceEqualityComparer.Instance);
    private readonly int generation;

    public ModelResources(CudaDevice device, bool allowTf32, bool useCudnn)
    {
        Device = device;
        generation = device.Generation;
        AllowTf32 = allowTf32;
        ComputeStream = device.Driver.CreateStream();
        CopyStream = device.Driver.CreateStream();
        CublasHandle = Cublas.Create();
        Cublas.SetStream(CublasHandle, ComputeStream);
        Cublas.SetMathMode(CublasHandle, allowTf32 ? Cublas.Tf32TensorOpMath : Cublas.DefaultMath);
        if (useCudnn && device.Libraries.Cudnn is { } cudnn)
        {
            Cudnn = cudnn;
            CudnnHandle = cudnn.Create();
            cudnn.SetStream(CudnnHandle, ComputeStream);
        }
    }

    /// <summary>Device copy of a constant array, uploaded on first use (keyed by the array itself:
    /// every plan of the model sees the same weight arrays).</summary>
    public ulong Upload<T>(T[] data) where T : unmanaged
    {
        if (!constants.TryGetValue(data, out var buffer))
            constants[data] = buffer = DeviceBuffer.Upload<T>(Device, data);
        return buffer.Ptr;
    }

    public void Dispose()
    {
        foreach (var b in constants.Values) b.Dispose();
        constants.Clear();
        if (generation != Device.Generation) return; // the context was reset: these died with it
        if (CudnnHandle != 0) Cudnn!.Destroy(CudnnHandle);
        Cublas.Destroy(CublasHandle);
        Device.Driver.DestroyStream(ComputeStream);
        Device.Driver.DestroyStream(CopyStream);
    }
}
