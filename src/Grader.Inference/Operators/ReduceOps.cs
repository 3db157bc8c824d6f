using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>
/// ReduceMean/Sum/Max/Min/Prod/L1/L2/SumSquare/LogSum/LogSumExp. Axes are an attribute before
/// opset 18 (13 for ReduceSum) and an optional input after; no axes means all of them, or nothing
/// with noop_with_empty_axes. Adjacent axes reduce in place; scattered axes are first transposed
/// to the end.
/// </summary>
internal sealed class ReduceNode : OpNode
{
    private readonly ReduceKind kind;
    private readonly long[]? attrAxes;
    private readonly bool keepDims, noopWithEmptyAxes;

    public ReduceNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        kind = Enum.Parse<ReduceKind>(info.OpType["Reduce".Length..]);
        attrAxes = a.Ints("axes");
        keepDims = a.Int("keepdims", 1) != 0;
        noopWithEmptyAxes = a.Int("noop_with_empty_axes", 0) != 0;
    }

    private bool AxesAsInput => Opset >= (kind == ReduceKind.Sum ? 13 : 18);

    public ReduceKind Kind => kind;
    public bool KeepDims => keepDims;

    /// <summary>The axes when the graph fixes them (attribute, or a constant input), else null.</summary>
    public long[]? ConstantAxes(IReadOnlyDictionary<string, TensorData> constants) =>
        !AxesAsInput ? attrAxes
        : Inputs.Length > 1 && constants.TryGetValue(Inputs[1], out var t) && t.Type == ElementType.Int64 ? t.LongData : null;

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.In(0);
        var s = x.Shape;
        long[]? axes = !AxesAsInput ? attrAxes : ctx.Has(1) ? ctx.RequireConst(1, "axes").AsLongs($"{OpType} axes at node {Name}") : null;
        if (axes is null || axes.Length == 0)
        {
            if (noopWithEmptyAxes)
            {
                // Each element reduced on its own: itself for Sum/Mean/Max..., |x| for L1 and L2, x² for SumSquare, log x for LogSum.
                if (kind is ReduceKind.Sum or ReduceKind.Mean or ReduceKind.Max or ReduceKind.Min or ReduceKind.Prod or ReduceKind.LogSumExp)
                {
                    if (x.Constant is { } same) ctx.Fold(0, same);
                    else ctx.EmitTyped(new AliasKernelOp(), [x], x.Type, s);
                }
                else if (x.Constant is { } c0) ctx.Fold(0, Fold(c0, [], Enumerable.Range(0, s.Length).ToArray(), s));
                else ctx.Emit(new ReduceKernelOp(kind, x.Length, 1, 1), [ctx.RequireFloat(0)], s);
                return;
            }
            axes = Enumerable.Range(0, s.Length).Select(i => (long)i).ToArray();
        }
        var reduced = axes.Select(v => ShapeMath.Axis(v, s.Length, Name)).Distinct().Order().ToArray();
        var kept = Enumerable.Range(0, s.Length).Where(i => !reduced.Contains(i)).ToArray();
        var outShape = keepDims ? s.Select((d, i) => reduced.Contains(i) ? 1 : d).ToArray() : kept.Select(i => s[i]).ToArray();
        if (x.Constant is { } c)
        {
            ctx.CheckFoldSize(outShape);
            ctx.Fold(0, Fold(c, reduced, kept, outShape));
            return;
        }
        if (x.Type != ElementType.Float32) throw new ModelLoadException($"node {Name}: {OpType} of int64 values computed from the image is not supported");
        int outer, len, inner;
        var source = x;
        if (reduced[^1] - reduced[0] + 1 == reduced.Length)
        {
            outer = ShapeMath.Product(s, 0, reduced[0]);
            len = ShapeMath.Product(s, reduced[0], reduced[^1] + 1);
            inner = ShapeMath.Product(s, reduced[^1] + 1, s.Length);
        }
        else
        {
            // Kept axes first, reduced axes last: one transpose, then a row reduction.
            var perm = kept.Concat(reduced).ToArray();
            var strides = ShapeMath.Strides(s);
            var permuted = perm.Select(i => s[i]).ToArray();
            source = ctx.Intermediate(new StridedCopyKernelOp(0, perm.Select(i => strides[i]).ToArray(), permuted), [x], permuted);
            outer = kept.Aggregate(1, (p, i) => checked(p * s[i]));
            len = reduced.Aggregate(1, (p, i) => checked(p * s[i]));
            inner = 1;
        }
        ctx.Emit(new ReduceKernelOp(kind, outer, len, inner), [source], outShape);
    }

    private TensorData Fold(TensorData c, int[] reduced, int[] kept, int[] outShape)
    {
        var s = c.Shape;
        var perm = kept.Concat(reduced).ToArray();
        var strides = ShapeMath.Strides(s);
        var permuted = perm.Select(i => s[i]).ToArray();
        int rows = kept.Aggregate(1, (p, i) => checked(p * s[i])), len = reduced.Aggregate(1, (p, i) => checked(p * s[i]));
        if (c.Type == ElementType.Float32)
        {
            var t = new float[c.Length];
            DataMovement.StridedCopy<float>(c.FloatData, 0, perm.Select(i => strides[i]).ToArray(), t, 0, ShapeMath.Strides(permuted), permuted);
            var r = new float[rows];
            for (int o = 0; o < rows; o++) r[o] = ReduceMath.Row(kind, t.AsSpan(o * len, len));
            return TensorData.FromFloats(outShape, r);
        }
        var l = new long[c.Length];
        DataMovement.StridedCopy<long>(c.LongData, 0, perm.Select(i => strides[i]).ToArray(), l, 0, ShapeMath.Strides(permuted), permuted);
        var lr = new long[rows];
        for (int o = 0; o < rows; o++)
        {
            var row = l.AsSpan(o * len, len).ToArray();
            lr[o] = kind switch
            {
                ReduceKind.Sum => row.Sum(),
                ReduceKind.Prod => row.Aggregate(1L, (p, v) => p * v),
                ReduceKind.Max => row.Length == 0 ? long.MinValue : row.Max(),
                ReduceKind.Min => row.Length == 0 ? long.MaxValue : row.Min(),
                ReduceKind.Mean => row.Length == 0 ? 0 : row.Sum() / row.Length,
                ReduceKind.L1 => row.Sum(Math.Abs),
                ReduceKind.SumSquare => row.Sum(v => v * v),
                _ => throw new ModelLoadException($"node {Name}: {OpType} of int64 values is not supported"),
            };
        }
        return TensorData.FromLongs(outShape, lr);
    }
}

internal sealed class ReduceKernelOp(ReduceKind kind, int outer, int len, int inner) : KernelOp
{
    public ReduceKind Kind => kind;
    public (int Outer, int Length, int Inner) Dims => (outer, len, inner);

    public override long Flops(PlanStep step) => (long)outer * len * inner;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new ReduceKernel(kind, outer, len, inner, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[0]), bind);
}

/// <summary>ArgMax / ArgMin along one axis (keepdims, select_last_index); indices are int64.</summary>
internal sealed class ArgNode(NodeInfo info, NodeAttributes a) : OpNode(info)
{
    private readonly long axis = a.Int("axis", 0);
    private readonly bool keepDims = a.Int("keepdims", 1) != 0;
    private readonly bool last = a.Int("select_last_index", 0) != 0;
    private bool IsMax => OpType == "ArgMax";

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.In(0);
        var s = x.Shape;
        int ax = ShapeMath.Axis(axis, s.Length, Name);
        if (s[ax] == 0) throw new ModelLoadException($"node {Name}: {OpType} over an empty axis");
        int outer = ShapeMath.Product(s, 0, ax), len = s[ax], inner = ShapeMath.Product(s, ax + 1, s.Length);
        var outShape = keepDims ? s.Select((d, i) => i == ax ? 1 : d).ToArray() : s.Where((_, i) => i != ax).ToArray();
        if (x.Constant is { } c)
        {
            var v = c.RuntimeFloats(x.Name);
            var r = new long[outer * inner];
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                    r[o * inner + i] = ArgKernel.Find(v.AsSpan(o * len * inner + i), len, inner, IsMax, last);
            ctx.Fold(0, TensorData.FromLongs(outShape, r));
            return;
        }
        ctx.EmitTyped(new ArgKernelOp(outer, len, inner, IsMax, last), [x], ElementType.Int64, outShape);
    }
}

internal sealed class ArgKernelOp(int outer, int len, int inner, bool max, bool last) : KernelOp
{
    public (int Outer, int Length, int Inner) Dims => (outer, len, inner);
    public bool IsMax => max;
    public bool SelectLast => last;

    public override long Flops(PlanStep step) => (long)outer * len * inner;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new ArgKernel(outer, len, inner, max, last, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[0]));
}
