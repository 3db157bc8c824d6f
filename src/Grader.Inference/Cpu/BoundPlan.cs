using Grader.Inference.Graph;

namespace Grader.Inference.Cpu;

/// <summary>A prepared plan with its arena, scratch and kernels bound to fixed addresses.</summary>
internal sealed unsafe class BoundPlan
{
    /// <summary>Steps cheaper than this many FLOPs are not worth waking other workers for.</summary>
    internal const long SerialFlops = 400_000;

    private readonly PreparedPlan prepared;
    private readonly PinnedBuffer arena;
    private readonly PinnedBuffer scratchBuffer;
    private readonly Dictionary<PlanValue, PinnedBuffer> constants = [];
    private readonly ICpuKernel[] kernels;
    private readonly float* input, output;
    private readonly int planBatch, imageSize, outputSize;

    public BoundPlan(PreparedPlan prepared, int workers)
    {
        this.prepared = prepared;
        var plan = prepared.Plan;
        arena = new PinnedBuffer(prepared.Memory.ArenaFloats);
        var scratch = new Scratch();
        // Small steps run on one thread: handing work to other cores costs microseconds, which is
        // more than the step itself (e.g. every layer of a model exported with a fixed batch of 1).
        var channelsLast = ChannelsLastLayout.Assign(plan);
        var parallel = new CpuBindContext(v => (IntPtr)Address(v), workers, scratch, channelsLast);
        var serial = new CpuBindContext(v => (IntPtr)Address(v), 1, scratch, channelsLast);
        kernels = plan.Steps.Select(s => s.Op.CreateCpuKernel(s, s.Op.Flops(s) < SerialFlops ? serial : parallel)).ToArray();
        scratchBuffer = new PinnedBuffer(scratch.FloatsPerWorker * workers);
        scratch.Attach(scratchBuffer.Ptr);
        input = Address(plan.Input);
        output = Address(plan.Outputs[0]);
        planBatch = plan.Batch;
        imageSize = plan.Input.Length / planBatch;
        outputSize = plan.Outputs[0].Length / planBatch;
    }

    public IReadOnlyList<PlanStep> Steps => prepared.Plan.Steps;
    /// <summary>The kernel bound for each step, in step order (tests check which path a step took).</summary>
    internal IReadOnlyList<ICpuKernel> Kernels => kernels;
    public MemoryPlan Memory => prepared.Memory;

    private float* Address(PlanValue v)
    {
        if (!v.IsConstant) return arena.Ptr + prepared.Memory.Offsets[v];
        if (!constants.TryGetValue(v, out var b)) constants[v] = b = PinnedBuffer.CopyOf(v.Constant!.RuntimeFloats(v.Name))!;
        return b.Ptr;
    }

    public IReadOnlyList<LayerTiming> Profile(ReadOnlySpan<float> images, int n)
    {
        var inSpan = new Span<float>(input, planBatch * imageSize);
        images.CopyTo(inSpan);
        var steps = prepared.Plan.Steps;
        var result = new List<LayerTiming>(kernels.Length);
        for (int i = 0; i < kernels.Length; i++)
        {
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            kernels[i].Execute();
            var dt = System.Diagnostics.Stopwatch.GetElapsedTime(t0);
            string detail = $"{string.Join(" ", steps[i].Inputs.Select(v => ShapeMath.Format(v.Shape)))} -> {ShapeMath.Format(steps[i].Outputs[0].Shape)} {steps[i].Op}";
            result.Add(new LayerTiming(steps[i].NodeName, steps[i].OpType, detail, dt.TotalMilliseconds));
        }
        return result;
    }

    /// <summary>Runs <paramref name="n"/> ≤ plan batch images; a short chunk is zero-padded.</summary>
    public void Run(ReadOnlySpan<float> images, int n, Span<float> results, CancellationToken ct)
    {
        var inSpan = new Span<float>(input, planBatch * imageSize);
        images.CopyTo(inSpan);
        if (n < planBatch) inSpan.Slice(n * imageSize).Clear();
        Execute(ct);
        new ReadOnlySpan<float>(output, n * outputSize).CopyTo(results);
    }

    /// <summary>Runs every kernel once on what the input buffer holds (see <see cref="Read"/>).</summary>
    internal void Execute(CancellationToken ct = default)
    {
        foreach (var k in kernels)
        {
            ct.ThrowIfCancellationRequested();
            k.Execute();
        }
    }

    /// <summary>The input buffer, for callers that fill it themselves.</summary>
    internal Span<float> InputBuffer => new(input, prepared.Plan.Input.Length);

    /// <summary>A value of the plan as it stands (after <see cref="Execute"/> for runtime values):
    /// lets tests read every graph output, not only the first.</summary>
    internal float[] Read(PlanValue v) => new ReadOnlySpan<float>(Address(v), v.Length).ToArray();
}
