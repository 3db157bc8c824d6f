using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>Constant: the value is decoded at load; graph loading hoists it into the constant table.</summary>
internal sealed class ConstantNode : OpNode
{
    public TensorData Value { get; }

    public ConstantNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        if (a.Has("sparse_value") || a.Has("value_string") || a.Has("value_strings"))
            throw new ModelLoadException($"node {info.Name}: sparse and string constants are not supported");
        Value = a.Tensor("value")
            ?? (a.Has("value_float") ? TensorData.Scalar(a.Float("value_float", 0)) : null)
            ?? (a.Floats("value_floats") is { } fs ? TensorData.FromFloats([fs.Length], fs) : null)
            ?? (a.Has("value_int") ? TensorData.FromLongs([], [a.Int("value_int", 0)]) : null)
            ?? (a.Ints("value_ints") is { } ls ? TensorData.Vector(ls) : null)
            ?? throw new ModelLoadException($"node {info.Name}: Constant has no value");
    }

    public override void Resolve(ResolveContext ctx) => ctx.Fold(0, Value);
}

/// <summary>Shape (with start/end from opset 15): always known at plan time, so always folded.</summary>
internal sealed class ShapeNode(NodeInfo info, NodeAttributes a) : OpNode(info)
{
    private readonly long start = a.Int("start", 0);
    private readonly long? end = a.Has("end") ? a.Int("end", 0) : null;

    public override void Resolve(ResolveContext ctx)
    {
        var s = ctx.In(0).Shape;
        int r = s.Length;
        int b = (int)Math.Clamp(start < 0 ? start + r : start, 0, r);
        int e = (int)Math.Clamp(end is { } v ? (v < 0 ? v + r : v) : r, 0, r);
        ctx.Fold(0, TensorData.Vector(s[b..Math.Max(b, e)].Select(d => (long)d).ToArray()));
    }
}

/// <summary>Size: the element count, known before running.</summary>
internal sealed class SizeNode(NodeInfo info) : OpNode(info)
{
    public override void Resolve(ResolveContext ctx) => ctx.Fold(0, TensorData.FromLongs([], [ctx.In(0).Length]));
}

/// <summary>ConstantOfShape: a filled tensor of a constant shape.</summary>
internal sealed class ConstantOfShapeNode : OpNode
{
    /// <summary>Cap on folded tensors: a hostile shape must not make us allocate gigabytes.</summary>
    public const int MaxElements = 1 << 24;
    private readonly TensorData value;

    public ConstantOfShapeNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        value = a.Tensor("value") ?? TensorData.Scalar(0f);
        if (value.Length != 1) throw new ModelLoadException($"node {info.Name}: ConstantOfShape value must hold one element");
    }

    public override void Resolve(ResolveContext ctx)
    {
        var dims = ctx.RequireConst(0, "shape").AsLongs($"ConstantOfShape shape at node {Name}");
        if (dims.Any(d => d < 0 || d > MaxElements)) throw new ModelLoadException($"node {Name}: invalid ConstantOfShape dims [{string.Join(",", dims)}]");
        var shape = dims.Select(d => (int)d).ToArray();
        long n = ShapeMath.Count(shape);
        if (n > MaxElements) throw new ModelLoadException($"node {Name}: ConstantOfShape of {n} elements is too large");
        ctx.CheckFoldSize(shape);
        ctx.Fold(0, value.Type == ElementType.Float32
            ? TensorData.FromFloats(shape, Enumerable.Repeat(value.FloatData[0], (int)n).ToArray())
            : TensorData.FromLongs(shape, Enumerable.Repeat(value.LongData[0], (int)n).ToArray()));
    }
}

/// <summary>Cast (and CastLike, which takes the type of its second input) between float32 and the
/// integer and boolean types (held as int64 when folded, as exact floats at run time).</summary>
internal sealed class CastNode : OpNode
{
    private readonly int to;

    public CastNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        to = info.OpType == "CastLike" ? 0 : (int)a.Int("to", 0);
        if (info.OpType == "Cast" && to is not (1 or 11 or 6 or 7 or 9 or 5 or 3 or 2 or 4 or 12 or 13))
            throw new ModelLoadException($"node {info.Name}: Cast to {ElementTypeNames.OnnxName(to)} is not supported");
    }

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.In(0);
        bool toFloat = OpType == "CastLike" ? ctx.In(1).Type == ElementType.Float32 : to is 1 or 11;
        bool toBool = to == 9;
        if (x.Constant is { } c)
        {
            if (toFloat)
                ctx.Fold(0, c.Type == ElementType.Float32 ? c : TensorData.FromFloats(c.Shape, c.LongData.Select(v => (float)v).ToArray()));
            else
            {
                var longs = c.Type == ElementType.Int64 ? c.LongData : c.FloatData.Select(v => (long)v).ToArray();
                if (toBool) longs = c.Type == ElementType.Int64 ? longs.Select(v => v != 0 ? 1L : 0L).ToArray() : c.FloatData.Select(v => v != 0 ? 1L : 0L).ToArray();
                ctx.Fold(0, TensorData.FromLongs(c.Shape, longs));
            }
            return;
        }
        var type = toFloat ? ElementType.Float32 : ElementType.Int64;
        // Runtime values are floats already: to float or from bool is a relabelling; to an integer
        // drops the fraction, to bool tests for non-zero.
        KernelOp op = toBool ? new UnaryKernelOp(UnaryKind.IsNonZero, Activation.None)
            : x.Type == ElementType.Float32 && !toFloat ? new UnaryKernelOp(UnaryKind.Truncate, Activation.None)
            : new AliasKernelOp();
        ctx.EmitTyped(op, [x], type, x.Shape);
    }
}

/// <summary>Range(start, limit, delta): always computable before running (its inputs are
/// constants or shape arithmetic), so always folded.</summary>
internal sealed class RangeNode(NodeInfo info) : OpNode(info)
{
    public override void Resolve(ResolveContext ctx)
    {
        TensorData start = ctx.RequireConst(0, "start"), limit = ctx.RequireConst(1, "limit"), delta = ctx.RequireConst(2, "delta");
        if (start.Type != limit.Type || start.Type != delta.Type) throw new ModelLoadException($"node {Name}: Range inputs of different types");
        double s = start.ScalarValue("Range start"), l = limit.ScalarValue("Range limit"), d = delta.ScalarValue("Range delta");
        if (d == 0) throw new ModelLoadException($"node {Name}: Range delta is zero");
        double n = Math.Max(Math.Ceiling((l - s) / d), 0);
        if (n > ResolveContext.MaxFoldedElements) throw new ModelLoadException($"node {Name}: Range of {n:N0} values is too large");
        int count = (int)n;
        if (start.Type == ElementType.Float32)
        {
            // As ONNX Runtime: start + i·delta in float32.
            float fs = start.FloatData[0], fd = delta.FloatData[0];
            ctx.Fold(0, TensorData.FromFloats([count], Enumerable.Range(0, count).Select(i => fs + i * fd).ToArray()));
        }
        else
        {
            long ls = start.LongData[0], ld = delta.LongData[0];
            ctx.Fold(0, TensorData.FromLongs([count], Enumerable.Range(0, count).Select(i => ls + i * ld).ToArray()));
        }
    }
}
