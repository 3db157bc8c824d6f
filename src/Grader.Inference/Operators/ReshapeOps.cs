using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>
/// Ops that only reinterpret a shape: Reshape, Flatten, Squeeze, Unsqueeze, Identity, Dropout
/// (identity at inference). On constants they fold; at run time the output aliases the input
/// buffer (the memory planner gives both the same storage), so they cost nothing.
/// </summary>
internal sealed class ReshapeFamilyNode : OpNode
{
    private readonly long flattenAxis;
    private readonly bool allowZero;
    private readonly long[]? attrAxes;

    public ReshapeFamilyNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        flattenAxis = a.Int("axis", 1);
        allowZero = a.Int("allowzero", 0) != 0;
        attrAxes = a.Ints("axes");
        if (info.OpType is "Squeeze" or "Unsqueeze" && info.Opset >= 13 && attrAxes is not null)
            throw new ModelLoadException($"node {info.Name}: from opset 13 {info.OpType} takes axes as an input, not an attribute");
    }

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.In(0);
        int[] outShape = OpType switch
        {
            "Reshape" => ReshapeTarget(x.Shape, ctx.RequireConst(1, "shape").AsLongs($"Reshape shape at node {Name}")),
            "Flatten" => Flatten(x.Shape),
            "Squeeze" => Squeeze(x.Shape, Axes(ctx, optional: true)),
            "Unsqueeze" => Unsqueeze(x.Shape, Axes(ctx, optional: false)!),
            _ => x.Shape, // Identity, Dropout
        };
        if (ShapeMath.Count(outShape) != x.Length)
            throw new ModelLoadException($"node {Name}: cannot reshape {ShapeMath.Format(x.Shape)} ({x.Length} values) to {ShapeMath.Format(outShape)}");
        if (OpType == "Dropout") DropoutMask(ctx, x.Shape);
        if (x.Constant is { } c) ctx.Fold(0, c.Reshaped(outShape));
        else ctx.EmitTyped(new AliasKernelOp(), [x], x.Type, outShape);
    }

    /// <summary>Dropout keeps everything at inference: its mask (output 1) is all true. A graph
    /// exported in training mode (training_mode input true, ratio above 0) would drop at random.</summary>
    public override int SupportedOutputs => OpType == "Dropout" ? 2 : 1;

    private void DropoutMask(ResolveContext ctx, int[] shape)
    {
        if (Opset >= 12 && ctx.Has(2) && ctx.RequireConst(2, "training_mode").ScalarValue("Dropout training_mode") != 0
            && (!ctx.Has(1) || ctx.RequireConst(1, "ratio").ScalarValue("Dropout ratio") != 0))
            throw new ModelLoadException($"node {Name}: Dropout in training mode drops values at random; export with model.eval()");
        if (Outputs.Length < 2 || Outputs[1].Length == 0) return;
        ctx.CheckFoldSize(shape);
        ctx.Fold(1, TensorData.FromLongs(shape, Enumerable.Repeat(1L, ShapeMath.CountInt(shape)).ToArray()));
    }

    private long[]? Axes(ResolveContext ctx, bool optional)
    {
        if (Opset < 13) return attrAxes ?? (optional ? null : throw new ModelLoadException($"node {Name}: {OpType} needs axes"));
        if (ctx.Has(1)) return ctx.RequireConst(1, "axes").AsLongs($"axes at node {Name}");
        return optional ? null : throw new ModelLoadException($"node {Name}: {OpType} needs axes");
    }

    private int[] ReshapeTarget(int[] input, long[] shape)
    {
        var r = new int[shape.Length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            long v = shape[i];
            if (v == 0 && !allowZero)
            {
                if (i >= input.Length) throw new ModelLoadException($"node {Name}: Reshape copies dim {i} which the input {ShapeMath.Format(input)} lacks");
                v = input[i];
            }
            if (v == -1)
            {
                if (infer >= 0) throw new ModelLoadException($"node {Name}: Reshape target has more than one -1");
                infer = i;
                continue;
            }
            if (v < 0 || v > ShapeMath.MaxElements) throw new ModelLoadException($"node {Name}: invalid Reshape dim {v}");
            r[i] = (int)v;
            known *= v;
            if (known > ShapeMath.MaxElements) throw new ModelLoadException($"node {Name}: Reshape target too large");
        }
        if (infer >= 0)
        {
            long total = ShapeMath.Count(input);
            if (known == 0 || total % known != 0)
                throw new ModelLoadException($"node {Name}: cannot reshape {ShapeMath.Format(input)} to [{string.Join(", ", shape)}]");
            r[infer] = (int)(total / known);
        }
        return r;
    }

    private int[] Flatten(int[] s)
    {
        long axis = flattenAxis < 0 ? flattenAxis + s.Length : flattenAxis;
        if (axis < 0 || axis > s.Length) throw new ModelLoadException($"node {Name}: Flatten axis {flattenAxis} out of range for rank {s.Length}");
        return [ShapeMath.Product(s, 0, (int)axis), ShapeMath.Product(s, (int)axis, s.Length)];
    }

    private int[] Squeeze(int[] s, long[]? axes)
    {
        if (axes is null) return s.Where(d => d != 1).ToArray();
        var drop = axes.Select(a => ShapeMath.Axis(a, s.Length, Name)).ToHashSet();
        foreach (int d in drop)
            if (s[d] != 1) throw new ModelLoadException($"node {Name}: cannot squeeze dim {d} of size {s[d]} in {ShapeMath.Format(s)}");
        return s.Where((_, i) => !drop.Contains(i)).ToArray();
    }

    private int[] Unsqueeze(int[] s, long[] axes)
    {
        int rank = s.Length + axes.Length;
        var ins = axes.Select(a => ShapeMath.Axis(a, rank, Name)).ToHashSet();
        if (ins.Count != axes.Length) throw new ModelLoadException($"node {Name}: repeated Unsqueeze axis");
        var r = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) r[i] = ins.Contains(i) ? 1 : s[j++];
        return r;
    }
}

/// <summary>Output shares the input's storage. If the planner could not alias (never expected),
/// the kernel copies.</summary>
internal sealed class AliasKernelOp : KernelOp
{
    public override bool IsAlias => true;
    public override long Flops(PlanStep step) => 0;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new CopyKernel(step.Outputs[0].Length, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[0]));
}
