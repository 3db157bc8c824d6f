using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>Softmax / LogSoftmax. Before opset 13 the input is coerced to 2D at axis (default 1)
/// and normalised over the whole flattened tail; from 13 over the single axis (default -1).</summary>
internal sealed class SoftmaxNode : OpNode
{
    private readonly long axis;

    public SoftmaxNode(NodeInfo info, NodeAttributes a) : base(info) => axis = a.Int("axis", info.Opset < 13 ? 1 : -1);

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.RequireFloat(0);
        var s = x.Shape;
        if (s.Length == 0) throw new ModelLoadException($"node {Name}: {OpType} of a scalar");
        int ax = ShapeMath.Axis(axis, s.Length, Name);
        int outer = ShapeMath.Product(s, 0, ax);
        int len, inner;
        if (Opset < 13) { len = ShapeMath.Product(s, ax, s.Length); inner = 1; }
        else { len = s[ax]; inner = ShapeMath.Product(s, ax + 1, s.Length); }
        ctx.Emit(new SoftmaxKernelOp(outer, len, inner, OpType == "LogSoftmax"), [x], s);
    }
}

internal sealed class SoftmaxKernelOp(int outer, int len, int inner, bool log) : KernelOp
{
    public (int Outer, int Length, int Inner) Dims => (outer, len, inner);
    public bool IsLog => log;

    public override long Flops(PlanStep step) => 5L * step.Outputs[0].Length;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new SoftmaxKernel(outer, len, inner, log, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[0]), bind);
}
