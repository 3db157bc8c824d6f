using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>
/// Expand (broadcast to a shape) and Tile (repeat along each axis). Both are strided copies: Expand
/// reads broadcast dims with stride 0; Tile views its output [r₀·d₀, r₁·d₁, ...] as
/// [r₀, d₀, r₁, d₁, ...] whose repeat dims have stride 0 (axes repeated once are not split).
/// </summary>
internal sealed class RepeatNode(NodeInfo info) : OpNode(info)
{
    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.In(0);
        var s = x.Shape;
        int[] outShape, viewShape, viewStrides;
        if (OpType == "Expand")
        {
            var target = ctx.RequireConst(1, "shape").AsLongs($"Expand shape at node {Name}");
            if (target.Any(v => v < 0 || v > ShapeMath.MaxElements)) throw new ModelLoadException($"node {Name}: invalid Expand shape [{string.Join(",", target)}]");
            outShape = ShapeMath.Broadcast(s, target.Select(v => (int)v).ToArray(), Name);
            viewShape = outShape;
            viewStrides = ShapeMath.BroadcastStrides(s, outShape.Length);
        }
        else
        {
            var repeats = ctx.RequireConst(1, "repeats").AsLongs($"Tile repeats at node {Name}");
            if (repeats.Length != s.Length || repeats.Any(v => v < 0 || v > ShapeMath.MaxElements))
                throw new ModelLoadException($"node {Name}: Tile needs {s.Length} non-negative repeats, got [{string.Join(",", repeats)}]");
            outShape = s.Select((d, i) => checked((int)Math.Min(ShapeMath.MaxElements + 1, d * repeats[i]))).ToArray();
            var strides = ShapeMath.Strides(s);
            var vs = new List<int>();
            var vt = new List<int>();
            for (int i = 0; i < s.Length; i++)
            {
                if (repeats[i] != 1) { vs.Add((int)repeats[i]); vt.Add(0); }
                vs.Add(s[i]);
                vt.Add(strides[i]);
            }
            viewShape = [.. vs];
            viewStrides = [.. vt];
        }
        ShapeMath.Count(outShape);
        StridedView.FoldOrEmit(ctx, x, viewStrides, viewShape, outShape);
    }
}
