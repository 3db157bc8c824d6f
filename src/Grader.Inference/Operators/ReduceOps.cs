using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>ReduceMean: axes as attribute before opset 18, as optional input from 18.</summary>
internal sealed class ReduceMeanNode(NodeInfo info, NodeAttributes a) : OpNode(info)
{
    private readonly long[]? attrAxes = a.Ints("axes");
    private readonly bool keepDims = a.Int("keepdims", 1) != 0;
    private readonly bool noopWithEmptyAxes = a.Int("noop_with_empty_axes", 0) != 0;

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.RequireFloat(0);
        var s = x.Shape;
        long[]? axes = Opset < 18 ? attrAxes : ctx.Has(1) ? ctx.RequireConst(1, "axes").AsLongs($"ReduceMean axes at node {Name}") : null;
        if (axes is null || axes.Length == 0)
        {
            if (noopWithEmptyAxes) { ctx.Emit(new AliasKernelOp(), [x], s); return; }
            axes = Enumerable.Range(0, s.Length).Select(i => (long)i).ToArray();
        }
        var ax = axes.Select(v => ShapeMath.Axis(v, s.Length, Name)).Distinct().Order().ToArray();
        if (ax[^1] - ax[0] + 1 != ax.Length)
            throw new ModelLoadException($"node {Name}: ReduceMean over non-adjacent axes [{string.Join(",", ax)}] is not supported");
        int outer = ShapeMath.Product(s, 0, ax[0]), len = ShapeMath.Product(s, ax[0], ax[^1] + 1), inner = ShapeMath.Product(s, ax[^1] + 1, s.Length);
        var outShape = keepDims ? s.Select((d, i) => ax.Contains(i) ? 1 : d).ToArray() : s.Where((_, i) => !ax.Contains(i)).ToArray();
        ctx.Emit(new MeanKernelOp(outer, len, inner), [x], outShape);
    }
}

internal sealed class MeanKernelOp(int outer, int len, int inner) : KernelOp
{
    public (int Outer, int Length, int Inner) Dims => (outer, len, inner);

    public override long Flops(PlanStep step) => (long)outer * len * inner;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new MeanKernel(outer, len, inner, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[0]));
}
