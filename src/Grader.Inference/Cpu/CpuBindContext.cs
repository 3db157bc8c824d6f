using Grader.Inference.Graph;

namespace Grader.Inference.Cpu;

/// <summary>A kernel bound to concrete buffers. Execute runs it once over the whole batch.</summary>
internal interface ICpuKernel
{
    void Execute();
}

/// <summary>Per-worker scratch memory, sized by the largest request of any kernel in the plan and
/// allocated once per bound plan (no allocation while running).</summary>
internal sealed unsafe class Scratch
{
    private float* basePtr;
    public long FloatsPerWorker { get; private set; }

    public void Request(long floats) => FloatsPerWorker = Math.Max(FloatsPerWorker, (floats + 15) / 16 * 16);

    internal void Attach(float* ptr) => basePtr = ptr;

    public float* For(int worker) => basePtr + worker * FloatsPerWorker;
}

/// <summary>What a kernel op needs while binding: where each value lives, in which layout, and scratch space.</summary>
internal sealed unsafe class CpuBindContext(Func<PlanValue, IntPtr> resolve, int workers, Scratch scratch, IReadOnlySet<PlanValue>? channelsLast = null)
{
    public int Workers { get; } = workers;
    public Scratch Scratch { get; } = scratch;

    /// <summary>Address of a value's data: an arena slot for runtime values, a pinned copy for constants.</summary>
    public float* Ptr(PlanValue v) => (float*)resolve(v);

    /// <summary>True when the value is held channels-last (NHWC), see <see cref="ChannelsLastLayout"/>.</summary>
    public bool IsChannelsLast(PlanValue v) => channelsLast?.Contains(v) == true;
}
