using Grader.Inference.Cuda.Runtime;
using Grader.Inference.Graph;

namespace Grader.Inference.Cuda.Binding;

/// <summary>What a step sees while it is bound: where each value lives, the model's weights
/// and handles, the plan's shared workspace, and scratch for cuDNN's algorithm search.</summary>
internal sealed class CudaBindContext(ModelResources resources, Func<PlanValue, ulong> arenaAddress, Workspace workspace) : IDisposable
{
    /// <summary>cuDNN may try algorithms that need up to this much scratch while binding.</summary>
    private const long SearchBytes = 256L << 20;
    private DeviceBuffer? search;

    public ModelResources Resources => resources;
    public CudaDevice Device => resources.Device;
    public Workspace Workspace => workspace;

    /// <summary>Device address of a value: its arena slot, or the uploaded copy of a constant.</summary>
    public ulong Ptr(PlanValue v)
    {
        if (!v.IsConstant) return arenaAddress(v);
        return resources.Upload(v.Constant!.RuntimeFloats(v.Name));
    }

    public ulong Upload(float[]? data) => data is null ? 0 : resources.Upload(data);
    public ulong Upload(int[] data) => resources.Upload(data);

    public KernelLaunch.Builder Launch(string kernel, long work) => new(Device, kernel, work);

    public (ulong Ptr, long Bytes) SearchSpace()
    {
        if (search is null)
        {
            long free = Device.Memory().Free;
            search = new DeviceBuffer(Device, Math.Clamp(free / 4, 1L << 20, SearchBytes));
        }
        return (search.Ptr, search.Bytes);
    }

    public void Dispose() => search?.Dispose();
}
