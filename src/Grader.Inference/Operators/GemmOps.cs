using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>Gemm: Y = alpha·op(A)·op(B) + beta·C, C broadcast to [M, N] (PyTorch's Linear).</summary>
internal sealed class GemmNode : OpNode
{
    private readonly float alpha, beta;
    private readonly bool transA, transB;

    public GemmNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        alpha = a.Float("alpha", 1f);
        beta = a.Float("beta", 1f);
        transA = a.Int("transA", 0) != 0;
        transB = a.Int("transB", 0) != 0;
    }

    public override void Resolve(ResolveContext ctx)
    {
        var a = ctx.RequireFloat(0);
        var b = ctx.In(1);
        if (a.Shape.Length != 2 || b.Shape.Length != 2)
            throw new ModelLoadException($"node {Name}: Gemm needs 2D inputs, got {ShapeMath.Format(a.Shape)} and {ShapeMath.Format(b.Shape)} (flatten before the linear layer)");
        int m = transA ? a.Shape[1] : a.Shape[0], k = transA ? a.Shape[0] : a.Shape[1];
        int kb = transB ? b.Shape[1] : b.Shape[0], n = transB ? b.Shape[0] : b.Shape[1];
        if (k != kb)
            throw new ModelLoadException($"node {Name}: cannot multiply {ShapeMath.Format(a.Shape)} by {ShapeMath.Format(b.Shape)} (inner sizes {k} and {kb}); the layer expects {kb} input features");
        var inputs = new List<PlanValue> { a };
        int bIndex = -1;
        if (!b.IsConstant) { ctx.RequireFloat(1); bIndex = inputs.Count; inputs.Add(b); }
        var op = new GemmKernelOp(m, n, k, transA, transB, alpha, b.Constant?.FloatData, bIndex);
        if (ctx.Has(2) && beta != 0f)
        {
            var c = ctx.In(2);
            var cs = c.Shape;
            ShapeMath.Broadcast([m, n], cs, Name); // validates broadcastability
            bool full = cs.Length == 2 && cs[0] == m && cs[1] == n && m != 1;
            if (c.Constant is { } cc)
            {
                var data = cc.FloatData;
                if (full) op.FullBias = data.Select(v => v * beta).ToArray();
                else if (cs.Length == 2 && cs[1] == 1 && cs[0] == m && m != 1)
                    op.RowBias = data.Select(v => v * beta).ToArray();
                else op.ColBias = Enumerable.Range(0, n).Select(j => data[data.Length == 1 ? 0 : j] * beta).ToArray();
            }
            else if (full && beta == 1f)
            {
                op.ResidualInput = inputs.Count;
                inputs.Add(ctx.RequireFloat(2));
            }
            else
            {
                // Any other computed C: the product, then a broadcast add of beta·C.
                var product = ctx.Intermediate(op, [.. inputs], [m, n]);
                var scaled = beta == 1f ? ctx.RequireFloat(2)
                    : ctx.Intermediate(new BinaryKernelOp(BinaryKind.Mul, cs, [], cs), [ctx.RequireFloat(2), ctx.Constant(TensorData.Scalar(beta))], cs);
                ctx.Emit(new BinaryKernelOp(BinaryKind.Add, [m, n], cs, [m, n]), [product, scaled], [m, n]);
                return;
            }
        }
        ctx.Emit(op, [.. inputs], [m, n]);
    }
}

/// <summary>MatMul with numpy semantics (rank-1 operands promoted, batch dims broadcast).</summary>
internal sealed class MatMulNode(NodeInfo info) : OpNode(info)
{
    public override void Resolve(ResolveContext ctx)
    {
        var a = ctx.RequireFloat(0);
        var b = ctx.In(1);
        if (b.Type != ElementType.Float32) throw new ModelLoadException($"node {Name}: MatMul needs float inputs");
        int[] sa = a.Shape.Length == 1 ? [1, a.Shape[0]] : a.Shape;
        int[] sb = b.Shape.Length == 1 ? [b.Shape[0], 1] : b.Shape;
        if (sa.Length < 2 || sb.Length < 2) throw new ModelLoadException($"node {Name}: MatMul on scalars");
        int m = sa[^2], k = sa[^1], kb = sb[^2], n = sb[^1];
        if (k != kb)
            throw new ModelLoadException($"node {Name}: cannot multiply {ShapeMath.Format(a.Shape)} by {ShapeMath.Format(b.Shape)} (inner sizes {k} and {kb})");
        var batch = ShapeMath.Broadcast(sa[..^2], sb[..^2], Name);
        var outShape = new List<int>(batch);
        if (a.Shape.Length > 1) outShape.Add(m);
        if (b.Shape.Length > 1) outShape.Add(n);
        if (b.IsConstant && sb.Length == 2)
        {
            // x @ W with a constant 2D weight: fold every leading dim into the GEMM's rows.
            int rows = ShapeMath.Product(sa, 0, sa.Length - 1);
            ctx.Emit(new GemmKernelOp(rows, n, k, false, false, 1f, b.Constant!.FloatData, -1), [a], [.. outShape]);
            return;
        }
        int rank = batch.Length;
        var aStr = ShapeMath.BroadcastStrides(sa[..^2], rank).Select(s => s * m * k).ToArray();
        var bStr = ShapeMath.BroadcastStrides(sb[..^2], rank).Select(s => s * k * n).ToArray();
        // BroadcastStrides zeroes size-1 dims, which is exactly broadcasting over batch entries.
        ctx.Emit(new BatchedMatMulKernelOp(m, n, k, batch, aStr, bStr), [a, b], [.. outShape]);
    }
}

internal sealed class GemmKernelOp(int m, int n, int k, bool transA, bool transB, float alpha, float[]? bConst, int bInput)
    : KernelOp, IFusableEpilogue
{
    public float[]? ColBias { get; set; }
    public (int M, int N, int K) Dims => (m, n, k);
    public bool TransA => transA;
    public bool TransB => transB;
    public float Alpha => alpha;
    /// <summary>Constant B (weights), or null when B is the step input at <see cref="BInput"/>.</summary>
    public float[]? BConst => bConst;
    public int BInput => bInput;
    public float[]? RowBias { get; set; }
    public float[]? FullBias { get; set; }
    public Activation Activation { get; set; }
    public int ResidualInput { get; set; } = -1;
    public bool CanTakeResidual => FullBias is null && ResidualInput < 0;

    public override long Flops(PlanStep step) => 2L * m * n * k;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind)
    {
        var bias = PinnedBuffer.CopyOf(ColBias ?? RowBias);
        var full = PinnedBuffer.CopyOf(FullBias);
        float* residual = ResidualInput >= 0 ? bind.Ptr(step.Inputs[ResidualInput]) : full is null ? null : full.Ptr;
        var ep = new Epilogue(bias is null ? null : bias.Ptr, RowBias is not null, residual, n, Activation);
        return new KeepAlive(new GemmKernel(m, n, k, bind.Ptr(step.Inputs[0]), transA, bConst,
            bInput >= 0 ? bind.Ptr(step.Inputs[bInput]) : null, transB, alpha, ep, bind.Ptr(step.Outputs[0]), bind.Workers), bias, full);
    }
}

internal sealed class BatchedMatMulKernelOp(int m, int n, int k, int[] batch, int[] aStrides, int[] bStrides) : KernelOp
{
    public (int M, int N, int K) Dims => (m, n, k);
    public int[] Batch => batch;
    public int[] AStrides => aStrides;
    public int[] BStrides => bStrides;

    public override long Flops(PlanStep step) => 2L * ShapeMath.Count(batch) * m * n * k;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new BatchedMatMulKernel(m, n, k, batch, aStrides, bStrides, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Inputs[1]), bind.Ptr(step.Outputs[0]), bind);
}

/// <summary>Holds pinned buffers that a kernel references only by pointer.</summary>
internal sealed class KeepAlive(ICpuKernel inner, params object?[] owned) : ICpuKernel
{
    private readonly object?[] owned = owned;
    public void Execute() => inner.Execute();
    public override string ToString() => $"{inner} ({owned.Length} buffers)";
}
