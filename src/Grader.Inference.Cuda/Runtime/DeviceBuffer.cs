namespace Grader.Inference.Cuda.Runtime;

/// <summary>GPU memory (cuMemAlloc), freed on dispose unless its context was reset meanwhile.</summary>
internal sealed class DeviceBuffer : IDisposable
{
    private readonly CudaDevice device;
    private readonly int generation;
    public ulong Ptr { get; private set; }
    public long Bytes { get; }

    public DeviceBuffer(CudaDevice device, long bytes)
    {
        this.device = device;
        generation = device.Generation;
        Bytes = Math.Max(bytes, 4);
        Ptr = device.Driver.Alloc(Bytes);
    }

    /// <summary>A buffer holding <paramref name="data"/>, copied synchronously (weights, at bind time).</summary>
    public static unsafe DeviceBuffer Upload<T>(CudaDevice device, ReadOnlySpan<T> data) where T : unmanaged
    {
        var buffer = new DeviceBuffer(device, (long)data.Length * sizeof(T));
        fixed (T* p = data) device.Driver.CopyToDevice(buffer.Ptr, p, (long)data.Length * sizeof(T), IntPtr.Zero);
        device.Driver.Synchronize(IntPtr.Zero);
        return buffer;
    }

    public void Dispose()
    {
        if (Ptr == 0) return;
        if (generation == device.Generation) device.Driver.Free(Ptr);
        Ptr = 0;
    }
}

/// <summary>Page-locked host memory (cuMemAllocHost): the only host memory the GPU's copy
/// engines read and write asynchronously, so copies overlap with compute.</summary>
internal sealed unsafe class PinnedHostBuffer : IDisposable
{
    private readonly CudaDevice device;
    private readonly int generation;
    public float* Ptr { get; private set; }

    public PinnedHostBuffer(CudaDevice device, long floats)
    {
        this.device = device;
        generation = device.Generation;
        Ptr = (float*)device.Driver.AllocHost(Math.Max(floats, 1) * sizeof(float));
    }

    public Span<float> Span(long count) => new(Ptr, checked((int)count));

    public void Dispose()
    {
        if (Ptr == null) return;
        if (generation == device.Generation) device.Driver.FreeHost(Ptr);
        Ptr = null;
    }
}
