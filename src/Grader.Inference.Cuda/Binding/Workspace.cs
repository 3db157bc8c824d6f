using Grader.Inference.Cuda.Runtime;

namespace Grader.Inference.Cuda.Binding;

/// <summary>Scratch memory shared by a plan's steps (they run one after another on one stream):
/// sized by the largest request while binding, allocated once after.</summary>
internal sealed class Workspace : IDisposable
{
    private DeviceBuffer? buffer;
    public long Bytes { get; private set; }

    public void Request(long bytes) => Bytes = Math.Max(Bytes, (bytes + 255) / 256 * 256);

    public void Allocate(CudaDevice device)
    {
        if (Bytes > 0) buffer = new DeviceBuffer(device, Bytes);
    }

    public ulong Ptr => buffer?.Ptr ?? throw new InvalidOperationException("the workspace is used before it was allocated");

    public void Dispose() => buffer?.Dispose();
}
