using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>Where(condition, X, Y): X where the condition holds, else Y, all three broadcast
/// (masked_fill exports as Where). The result has X's type.</summary>
internal sealed class WhereNode(NodeInfo info) : OpNode(info)
{
    public override void Resolve(ResolveContext ctx)
    {
        PlanValue c = ctx.In(0), x = ctx.In(1), y = ctx.In(2);
        if (x.Type != y.Type) throw new ModelLoadException($"node {Name}: Where mixes {x.Type} and {y.Type} branches");
        if (c.Type != ElementType.Int64) throw new ModelLoadException($"node {Name}: Where's condition must be boolean, got {c.Type}");
        var outShape = ShapeMath.Broadcast(ShapeMath.Broadcast(c.Shape, x.Shape, Name), y.Shape, Name);
        if (c.Constant is { } cc && x.Constant is { } cx && y.Constant is { } cy)
        {
            ctx.CheckFoldSize(outShape);
            var mask = Broadcast(cc.LongData, c.Shape, outShape);
            ctx.Fold(0, x.Type == ElementType.Float32
                ? TensorData.FromFloats(outShape, Select(mask, Broadcast(cx.FloatData, x.Shape, outShape), Broadcast(cy.FloatData, y.Shape, outShape)))
                : TensorData.FromLongs(outShape, Select(mask, Broadcast(cx.LongData, x.Shape, outShape), Broadcast(cy.LongData, y.Shape, outShape))));
            return;
        }
        ctx.EmitTyped(new WhereKernelOp(c.Shape, x.Shape, y.Shape, outShape), [c, x, y], x.Type, outShape);
    }

    private static T[] Broadcast<T>(T[] src, int[] shape, int[] outShape)
    {
        var dst = new T[ShapeMath.CountInt(outShape)];
        DataMovement.StridedCopy<T>(src, 0, ShapeMath.BroadcastStrides(shape, outShape.Length), dst, 0, ShapeMath.Strides(outShape), outShape);
        return dst;
    }

    private static T[] Select<T>(long[] mask, T[] x, T[] y) => mask.Select((m, i) => m != 0 ? x[i] : y[i]).ToArray();
}

internal sealed class WhereKernelOp(int[] conditionShape, int[] xShape, int[] yShape, int[] outShape) : KernelOp
{
    public int[] ConditionShape => conditionShape;
    public int[] XShape => xShape;
    public int[] YShape => yShape;
    public int[] OutShape => outShape;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new WhereKernel(conditionShape, xShape, yShape, outShape, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Inputs[1]), bind.Ptr(step.Inputs[2]), bind.Ptr(step.Outputs[0]));
}
