using Grader.Inference.Graph;

namespace Grader.Inference.Cpu;

/// <summary>
/// Y (M×N) = A (M×K) · B (K×N) + epilogue, with B usually constant (a Linear layer's weight, packed
/// once with alpha folded in) and A the activations (packed per run, by all workers: for a Linear
/// layer over a few dozen images, packing on one thread before the multiply cost as much as the
/// multiply itself). Work is split in tiles of row blocks × column blocks, small enough that every
/// worker gets some.
/// </summary>
internal sealed unsafe class GemmKernel : ICpuKernel
{
    private const int MaxRowPanelsPerTask = 8, ColPanelsPerTask = 4;
    private readonly int m, n, k, rowPanels, rowPanelsPerTask;
    private readonly float* a, b, y;
    private readonly long aRs, aCs, bRs, bCs;
    private readonly float alpha;
    private readonly PinnedBuffer packedA;
    private readonly PinnedBuffer packedB;
    private readonly bool bConstant;
    private readonly Epilogue epilogue;
    private readonly int rowTasks, colTasks, workers;
    private readonly Action<int, int> task, packTask;

    /// <param name="bConst">B's data when constant (packed now), else null and <paramref name="bPtr"/> is read each run.</param>
    public GemmKernel(int m, int n, int k, float* aPtr, bool transA, float[]? bConst, float* bPtr, bool transB,
        float alpha, Epilogue epilogue, float* y, int workers)
    {
        this.m = m; this.n = n; this.k = k; this.y = y; this.alpha = alpha; this.epilogue = epilogue; this.workers = workers;
        a = aPtr;
        (aRs, aCs) = transA ? (1L, (long)m) : ((long)k, 1L);
        (bRs, bCs) = transB ? (1L, (long)k) : ((long)n, 1L);
        packedA = new PinnedBuffer(Sgemm.PackedSizeA(m, k));
        packedB = new PinnedBuffer(Sgemm.PackedSizeB(k, n));
        bConstant = bConst is not null;
        if (bConst is not null)
        {
            // Fold alpha into the constant operand so the hot loop never scales.
            var scaled = alpha == 1f ? bConst : bConst.Select(v => v * alpha).ToArray();
            fixed (float* bp = scaled) Sgemm.PackB(bp, bRs, bCs, k, n, packedB.Ptr);
        }
        else b = bPtr;
        rowPanels = Sgemm.RoundUp(m, Sgemm.MR) / Sgemm.MR;
        colTasks = (Sgemm.RoundUp(n, Sgemm.NR) / Sgemm.NR + ColPanelsPerTask - 1) / ColPanelsPerTask;
        // At least two tiles per worker where the rows allow it, so no worker idles.
        int wanted = Math.Max(1, 2 * workers / colTasks);
        rowPanelsPerTask = Math.Clamp((rowPanels + wanted - 1) / wanted, 1, MaxRowPanelsPerTask);
        rowTasks = (rowPanels + rowPanelsPerTask - 1) / rowPanelsPerTask;
        task = Tile;
        packTask = (t, _) => Sgemm.PackA(a, aRs, aCs, m, k, packedA.Ptr, t * rowPanelsPerTask,
            Math.Min(rowPanels, (t + 1) * rowPanelsPerTask));
    }

    private bool Parallel => (long)m * n * k >= 1 << 18;

    public void Execute()
    {
        CpuParallel.For(rowTasks, Parallel ? workers : 1, packTask);
        if (!bConstant)
        {
            Sgemm.PackB(b, bRs, bCs, k, n, packedB.Ptr);
            if (alpha != 1f) packedB.Span.Slice(0, (int)Sgemm.PackedSizeB(k, n)).MultiplyInPlace(alpha);
        }
        CpuParallel.For(rowTasks * colTasks, Parallel ? workers : 1, task);
    }

    private void Tile(int t, int _)
    {
        int rt = t / colTasks, ct = t % colTasks;
        int p0 = rt * rowPanelsPerTask, p1 = Math.Min(p0 + rowPanelsPerTask, rowPanels);
        int q0 = ct * ColPanelsPerTask, q1 = Math.Min(q0 + ColPanelsPerTask, Sgemm.RoundUp(n, Sgemm.NR) / Sgemm.NR);
        Sgemm.Multiply(m, n, k, packedA.Ptr, packedB.Ptr, y, n, epilogue, p0, p1, q0, q1);
    }
}

/// <summary>MatMul with batch dims on both sides (attention-like products): one batch entry per task.</summary>
internal sealed unsafe class BatchedMatMulKernel : ICpuKernel
{
    private readonly int m, n, k, batches;
    private readonly int[] outBatchShape, aBatchStrides, bBatchStrides;
    private readonly float* a, b, y;
    private readonly Scratch scratch;
    private readonly int workers;
    private readonly Action<int, int> task;

    public BatchedMatMulKernel(int m, int n, int k, int[] outBatchShape, int[] aBatchStrides, int[] bBatchStrides,
        float* a, float* b, float* y, CpuBindContext bind)
    {
        this.m = m; this.n = n; this.k = k; this.a = a; this.b = b; this.y = y;
        this.outBatchShape = outBatchShape; this.aBatchStrides = aBatchStrides; this.bBatchStrides = bBatchStrides;
        batches = ShapeMath.CountInt(outBatchShape);
        scratch = bind.Scratch;
        scratch.Request(Sgemm.PackedSizeA(m, k) + Sgemm.PackedSizeB(k, n));
        workers = bind.Workers;
        task = One;
    }

    public void Execute() => CpuParallel.For(batches, workers, task);

    private void One(int i, int worker)
    {
        long ao = 0, bo = 0;
        int rem = i;
        for (int d = outBatchShape.Length - 1; d >= 0; d--)
        {
            int ix = rem % outBatchShape[d];
            rem /= outBatchShape[d];
            ao += (long)ix * aBatchStrides[d];
            bo += (long)ix * bBatchStrides[d];
        }
        float* pa = scratch.For(worker);
        float* pb = pa + Sgemm.PackedSizeA(m, k);
        Sgemm.PackA(a + ao, k, 1, m, k, pa);
        Sgemm.PackB(b + bo, n, 1, k, n, pb);
        Sgemm.Multiply(m, n, k, pa, pb, y + (long)i * m * n, n, default);
    }
}

internal static class SpanExtensions
{
    public static void MultiplyInPlace(this Span<float> s, float f) =>
        System.Numerics.Tensors.TensorPrimitives.Multiply(s, f, s);
}
