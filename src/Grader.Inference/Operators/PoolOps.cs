using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>MaxPool and AveragePool (pads, strides, dilations, auto_pad, ceil_mode, count_include_pad).</summary>
internal sealed class PoolNode : OpNode
{
    private readonly WindowAttributes window;
    private readonly bool max, countIncludePad;

    public PoolNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        max = info.OpType == "MaxPool";
        window = WindowAttributes.Parse(a, info.Name, allowCeil: true);
        if (window.KernelShape is null) throw new ModelLoadException($"node {info.Name}: {info.OpType} needs kernel_shape");
        if (!max && window.Dilations is { } d && d.Any(v => v != 1) && info.Opset < 19)
            throw new ModelLoadException($"node {info.Name}: AveragePool dilations need opset 19");
        countIncludePad = a.Int("count_include_pad", 0) != 0;
        if (max && a.Int("storage_order", 0) != 0) throw new ModelLoadException($"node {info.Name}: storage_order=1 is not supported");
    }

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.RequireFloat(0);
        var k = window.KernelShape!;
        if (k.Length != x.Shape.Length - 2)
            throw new ModelLoadException($"node {Name}: kernel_shape has {k.Length} dims for input {ShapeMath.Format(x.Shape)}");
        var geo = window.Resolve(x.Shape, k.Length == 2 ? k[0] : 1, k[^1], Name);
        int[] outShape = x.Shape.Length == 4 ? [geo.N, geo.C, geo.OH, geo.OW] : [geo.N, geo.C, geo.OW];
        ctx.Emit(new PoolKernelOp(geo, max, countIncludePad), [x], outShape);
    }
}

internal sealed class PoolKernelOp(WindowGeometry geo, bool max, bool countIncludePad) : KernelOp, IChannelsLastCapable
{
    public WindowGeometry Geometry => geo;
    public bool IsMax => max;
    public bool CountIncludePad => countIncludePad;

    public override long Flops(PlanStep step) => (long)geo.N * geo.C * geo.OutPlane * geo.KH * geo.KW;

    /// <summary>A 2-D max pool reads and writes either layout: it is where a ResNet's activations
    /// turn channels-last after its NCHW stem, and back before a Flatten.</summary>
    public ChannelsLastUse ChannelsLast(PlanStep step) =>
        max && step.Outputs[0].Shape.Length == 4 ? new(true, [0], []) : ChannelsLastUse.None;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind)
    {
        float* x = bind.Ptr(step.Inputs[0]), y = bind.Ptr(step.Outputs[0]);
        bool fromChannelsLast = bind.IsChannelsLast(step.Inputs[0]), toChannelsLast = bind.IsChannelsLast(step.Outputs[0]);
        if (fromChannelsLast) return new ChannelsLastMaxPoolKernel(geo, x, y, nchwOutput: !toChannelsLast, bind);
        if (toChannelsLast) return new ChannelsLastFromNchwPoolKernel(geo, max, countIncludePad, x, y, bind);
        return new PoolKernel(geo, max, countIncludePad, x, y, bind.Workers);
    }
}

/// <summary>GlobalAveragePool, and GlobalMaxPool (AdaptiveMaxPool2d(1)) as a max over each plane.</summary>
internal sealed class GlobalAveragePoolNode(NodeInfo info) : OpNode(info)
{
    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.RequireFloat(0);
        if (x.Shape.Length < 3) throw new ModelLoadException($"node {Name}: input {ShapeMath.Format(x.Shape)} needs spatial dims");
        var outShape = x.Shape.Select((d, i) => i < 2 ? d : 1).ToArray();
        int planes = x.Shape[0] * x.Shape[1], planeSize = ShapeMath.Product(x.Shape, 2, x.Shape.Length);
        ctx.Emit(OpType == "GlobalMaxPool" ? new ReduceKernelOp(ReduceKind.Max, planes, planeSize, 1) : new GlobalAveragePoolKernelOp(planes, planeSize), [x], outShape);
    }
}

internal sealed class GlobalAveragePoolKernelOp(int planes, int planeSize) : KernelOp, IChannelsLastCapable
{
    public (int Planes, int PlaneSize) Dims => (planes, planeSize);

    public override long Flops(PlanStep step) => (long)planes * planeSize;

    /// <summary>Reads a 4-D input in either layout; its [N, C, 1, 1] result is the same in both.</summary>
    public ChannelsLastUse ChannelsLast(PlanStep step) =>
        step.Inputs[0].Shape.Length == 4 ? new(false, [0], []) : ChannelsLastUse.None;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind)
    {
        var x = step.Inputs[0];
        return bind.IsChannelsLast(x)
            ? new ChannelsLastGlobalAveragePoolKernel(x.Shape[0], x.Shape[1], planeSize, bind.Ptr(x), bind.Ptr(step.Outputs[0]))
            : new GlobalAveragePoolKernel(planes, planeSize, bind.Ptr(x), bind.Ptr(step.Outputs[0]));
    }
}
