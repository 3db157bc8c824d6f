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

/// <summary>Cast between float32 and the integer types (integers are held as int64 internally).</summary>
internal sealed class CastNode : OpNode
{
    private readonly int to;

    public CastNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        to = (int)a.Int("to", 0);
        if (to is not (1 or 11 or 6 or 7 or 9 or 5 or 3 or 2))
            throw new ModelLoadException($"node {info.Name}: Cast to {ElementTypeNames.OnnxName(to)} is not supported");
    }

    private bool ToFloat => to is 1 or 11;

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.In(0);
        if (x.Constant is { } c)
        {
            if (ToFloat)
                ctx.Fold(0, c.Type == ElementType.Float32 ? c : TensorData.FromFloats(c.Shape, c.LongData.Select(v => (float)v).ToArray()));
            else
            {
                var longs = c.Type == ElementType.Int64 ? c.LongData : c.FloatData.Select(v => (long)v).ToArray();
                if (to == 9) longs = longs.Select(v => v != 0 ? 1L : 0L).ToArray();
                ctx.Fold(0, TensorData.FromLongs(c.Shape, longs));
            }
            return;
        }
        if (!ToFloat) throw new ModelLoadException($"node {Name}: casting computed float values to {ElementTypeNames.OnnxName(to)} is not supported");
        ctx.Emit(new AliasKernelOp(), [ctx.RequireFloat(0)], x.Shape);
    }
}
