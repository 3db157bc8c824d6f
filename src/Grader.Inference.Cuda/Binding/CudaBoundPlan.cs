using Grader.Inference.Cuda.Runtime;
using Grader.Inference.Graph;

namespace Grader.Inference.Cuda.Binding;

/// <summary>A prepared plan bound to the device: its activation arena, workspace and kernels at
/// fixed addresses. Running it only enqueues work; nothing is allocated per run.</summary>
internal sealed class CudaBoundPlan : IDisposable
{
    private readonly DeviceBuffer arena;
    private readonly Workspace workspace = new();
    private readonly List<ICudaKernel> kernels = [];
    public int Batch { get; }
    public ulong Input { get; }
    public ulong Output { get; }
    public IReadOnlyList<PlanStep> Steps { get; }

    public CudaBoundPlan(PreparedPlan prepared, ModelResources resources)
    {
        var plan = prepared.Plan;
        Batch = plan.Batch;
        Steps = plan.Steps;
        arena = new DeviceBuffer(resources.Device, prepared.Memory.ArenaFloats * sizeof(float));
        try
        {
            using var bind = new CudaBindContext(resources, v => arena.Ptr + (ulong)(prepared.Memory.Offsets[v] * sizeof(float)), workspace);
            foreach (var step in plan.Steps) kernels.Add(CudaKernelRegistry.Bind(step, bind));
            workspace.Allocate(resources.Device);
            Input = bind.Ptr(plan.Input);
            Output = bind.Ptr(plan.Outputs[0]);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Device memory this plan holds (arena and workspace).</summary>
    public long Bytes => arena.Bytes + workspace.Bytes;

    public void Enqueue(IntPtr stream)
    {
        foreach (var k in kernels) k.Enqueue(stream);
    }

    public void Dispose()
    {
        foreach (var k in kernels) k.Dispose();
        kernels.Clear();
        workspace.Dispose();
        arena.Dispose();
    }
}
