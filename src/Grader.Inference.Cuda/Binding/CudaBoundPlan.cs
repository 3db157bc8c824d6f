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
            using var bind = new CudaBindContext(resources, v => DevicePointer.Offset(arena.Ptr, prepared.Memory.Offsets[v]), workspace);
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

    public void Enqueue(IntPtr stream)
    {
        foreach (var k in kernels) k.Enqueue(stream);
    }

    /// <summary>Runs the kernels once with a timing event between each two, and reads the times.</summary>
    public IReadOnlyList<LayerTiming> Profile(CudaDevice device, IntPtr stream)
    {
        var driver = device.Driver;
        var marks = new List<IntPtr>(kernels.Count + 1);
        try
        {
            for (int i = 0; i <= kernels.Count; i++) marks.Add(driver.CreateEvent(timing: true));
            driver.Record(marks[0], stream);
            for (int i = 0; i < kernels.Count; i++)
            {
                kernels[i].Enqueue(stream);
                driver.Record(marks[i + 1], stream);
            }
            driver.Synchronize(stream);
            return Steps.Select((step, i) => new LayerTiming(step.NodeName, step.OpType,
                $"{string.Join(" ", step.Inputs.Select(v => ShapeMath.Format(v.Shape)))} -> {ShapeMath.Format(step.Outputs[0].Shape)} {kernels[i]}",
                driver.ElapsedMilliseconds(marks[i], marks[i + 1]))).ToList();
        }
        finally
        {
            foreach (var e in marks) driver.DestroyEvent(e);
        }
    }

    public void Dispose()
    {
        foreach (var k in kernels) k.Dispose();
        kernels.Clear();
        workspace.Dispose();
        arena.Dispose();
    }
}
