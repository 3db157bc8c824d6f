using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>Conv (1D/2D) with groups, dilations, strides, pads and auto_pad. Weights must be
/// constant: they are packed (and BatchNorm-folded) ahead of time.</summary>
internal sealed class ConvNode : OpNode
{
    public WindowAttributes Window { get; }
    public int Group { get; }

    public ConvNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        Window = WindowAttributes.Parse(a, info.Name, allowCeil: false);
        Group = (int)a.Int("group", 1);
        if (Group < 1 || Group > 1 << 20) throw new ModelLoadException($"node {info.Name}: invalid group {Group}");
    }

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.RequireFloat(0);
        var w = ctx.RequireConst(1, "W");
        if (w.Type != ElementType.Float32) throw new ModelLoadException($"node {Name}: weights must be float32");
        var bias = ctx.Has(2) ? ctx.RequireConst(2, "B") : null;
        int[] xs = x.Shape, ws = w.Shape;
        if (xs.Length != ws.Length || xs.Length is not (3 or 4))
            throw new ModelLoadException($"node {Name}: input {ShapeMath.Format(xs)} and weights {ShapeMath.Format(ws)} must both be rank 3 or 4");
        int m = ws[0], kh = ws.Length == 4 ? ws[2] : 1, kw = ws[^1];
        if (Window.KernelShape is { } ks && !ks.SequenceEqual(ws[2..]))
            throw new ModelLoadException($"node {Name}: kernel_shape {string.Join("x", ks)} does not match weights {ShapeMath.Format(ws)}");
        if (xs[1] != ws[1] * Group)
            throw new ModelLoadException($"node {Name}: input has {xs[1]} channels but weights {ShapeMath.Format(ws)} with group {Group} expect {ws[1] * Group}");
        if (m % Group != 0) throw new ModelLoadException($"node {Name}: {m} output channels not divisible by group {Group}");
        if (bias is not null && (bias.Type != ElementType.Float32 || bias.Length != m))
            throw new ModelLoadException($"node {Name}: bias must be {m} floats");
        var geo = Window.Resolve(xs, kh, kw, Name);
        int[] outShape = xs.Length == 4 ? [geo.N, m, geo.OH, geo.OW] : [geo.N, m, geo.OW];
        ctx.Emit(new ConvKernelOp(geo, m, Group, w.FloatData, bias?.FloatData), [x], outShape);
    }
}

internal sealed class ConvKernelOp(WindowGeometry geo, int outChannels, int group, float[] weights, float[]? bias)
    : KernelOp, IFusableEpilogue, IChannelsLastCapable
{
    public WindowGeometry Geometry => geo;
    public int OutChannels => outChannels;
    public int Group => group;
    public float[] Weights => weights;
    public float[]? Bias => bias;
    public Activation Activation { get; set; }
    public int ResidualInput { get; set; } = -1;
    public bool CanTakeResidual => ResidualInput < 0;
    public bool IsDepthwise => group == geo.C && outChannels == geo.C;

    public override long Flops(PlanStep step) =>
        2L * geo.N * outChannels * geo.OutPlane * (geo.C / group) * geo.KH * geo.KW;

    /// <summary>RowsOrWinograd: a 3x3 stride-1 convolution with few input channels, on the row
    /// kernel between NCHW activations and by Winograd between channels-last ones.</summary>
    private enum CpuPath { Depthwise, Rows, RowsOrWinograd, ChannelsLast, Gemm }

    private (WindowGeometry Geometry, float[] Weights)? live;

    /// <summary>The geometry and weights without dead taps (<see cref="DeadTaps"/>), trimmed once:
    /// the layout choice, the fusion and the binding all ask, and trimming copies the weights.</summary>
    private (WindowGeometry Geometry, float[] Weights) Live => live ??= DeadTaps.Trim(geo, outChannels, group, weights);

    /// <summary>The CPU kernel this convolution runs on.</summary>
    private CpuPath Path =>
        IsDepthwise ? CpuPath.Depthwise
        : RowConvKernel.Suits(Live.Geometry, group)
            ? WinogradConvKernel.SuitsGeometry(Live.Geometry, group, outChannels) ? CpuPath.RowsOrWinograd : CpuPath.Rows
        : ChannelsLastConvKernel.Suits(group) ? CpuPath.ChannelsLast
        : CpuPath.Gemm;

    /// <summary>The dense channels-last kernel reads and writes either layout (a residual in the
    /// output's); a convolution that Winograd may take is channels-last on both sides or neither. The
    /// row kernel stays NCHW: its tile is 16 pixels of 8 channels, and transposing it cost a
    /// ResNet stem more than its max pool saved by reading channels-last.</summary>
    public ChannelsLastUse ChannelsLast(PlanStep step)
    {
        if (step.Outputs[0].Shape.Length != 4) return ChannelsLastUse.None;
        return Path switch
        {
            CpuPath.ChannelsLast => new(true, [0], ResidualInput >= 0 ? [ResidualInput] : []),
            // Input and output share a layout: channels-last on both sides for Winograd, NCHW on
            // both for the row kernel, never the channels-last kernel between the two.
            CpuPath.RowsOrWinograd => new(true, [], ResidualInput >= 0 ? [0, ResidualInput] : [0]),
            _ => ChannelsLastUse.None,
        };
    }

    /// <summary>True when the CPU runs this convolution on the row kernel without a residual: it
    /// may then take the max pool after it along (<see cref="ConvMaxPoolKernel"/>).</summary>
    public bool RunsOnRowKernelAlone =>
        ResidualInput < 0 && Path is CpuPath.Rows or CpuPath.RowsOrWinograd;

    /// <summary>The row kernel of this convolution, bound without an output: the caller stores its rows.</summary>
    internal unsafe RowConvKernel CreateRowKernel(float* x, CpuBindContext bind) =>
        new(Live.Geometry, outChannels, Live.Weights, bias, Activation, x, null, null, bind);

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind)
    {
        float* x = bind.Ptr(step.Inputs[0]), y = bind.Ptr(step.Outputs[0]);
        float* residual = ResidualInput >= 0 ? bind.Ptr(step.Inputs[ResidualInput]) : null;
        var layout = new ConvLayout(bind.IsChannelsLast(step.Inputs[0]), bind.IsChannelsLast(step.Outputs[0]));
        return Path switch
        {
            CpuPath.Depthwise => new DepthwiseConvKernel(geo, weights, bias, Activation, x, y, residual, bind),
            CpuPath.Rows or CpuPath.RowsOrWinograd when !layout.Input && !layout.Output =>
                new RowConvKernel(Live.Geometry, outChannels, Live.Weights, bias, Activation, x, y, residual, bind),
            CpuPath.ChannelsLast or CpuPath.RowsOrWinograd when WinogradConvKernel.Suits(Live.Geometry, group, outChannels, layout) =>
                new WinogradConvKernel(Live.Geometry, outChannels, Live.Weights, bias, Activation, x, y, residual, bind),
            CpuPath.ChannelsLast or CpuPath.RowsOrWinograd => new ChannelsLastConvKernel(Live.Geometry, outChannels, Live.Weights, bias, Activation, x, y, residual, bind, layout),
            _ => new ConvGemmKernel(Live.Geometry, outChannels, group, Live.Weights, bias, Activation, x, y, residual, bind),
        };
    }
}
