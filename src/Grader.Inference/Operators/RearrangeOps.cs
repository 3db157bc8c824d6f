using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>
/// DepthToSpace (PixelShuffle; DCR and CRD modes) and SpaceToDepth: a reshape to six dims, a
/// transpose and a reshape back, which is one strided copy over the transposed view.
/// </summary>
internal sealed class BlockRearrangeNode : OpNode
{
    private readonly int block;
    private readonly bool crd;

    public BlockRearrangeNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        block = (int)Math.Clamp(a.Int("blocksize", 0), 0, 1 << 16);
        if (block < 1) throw new ModelLoadException($"node {info.Name}: {info.OpType} needs a positive blocksize");
        crd = a.String("mode", "DCR") switch
        {
            "DCR" => false,
            "CRD" when info.OpType == "DepthToSpace" => true,
            var m => throw new ModelLoadException($"node {info.Name}: {info.OpType} mode '{m}' is not defined"),
        };
    }

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.In(0);
        var s = x.Shape;
        if (s.Length != 4) throw new ModelLoadException($"node {Name}: {OpType} needs an N x C x H x W input, got {ShapeMath.Format(s)}");
        int n = s[0], c = s[1], h = s[2], w = s[3], b = block;
        int[] view, perm, outShape;
        if (OpType == "DepthToSpace")
        {
            if (c % (b * b) != 0) throw new ModelLoadException($"node {Name}: {c} channels do not divide by blocksize² {b * b}");
            view = crd ? [n, c / (b * b), b, b, h, w] : [n, b, b, c / (b * b), h, w];
            perm = crd ? [0, 1, 4, 2, 5, 3] : [0, 3, 4, 1, 5, 2];
            outShape = [n, c / (b * b), h * b, w * b];
        }
        else
        {
            if (h % b != 0 || w % b != 0) throw new ModelLoadException($"node {Name}: {h}x{w} does not divide by blocksize {b}");
            view = [n, c, h / b, b, w / b, b];
            perm = [0, 3, 5, 1, 2, 4];
            outShape = [n, c * b * b, h / b, w / b];
        }
        var strides = ShapeMath.Strides(view);
        var permuted = perm.Select(i => view[i]).ToArray();
        var srcStrides = perm.Select(i => strides[i]).ToArray();
        StridedView.FoldOrEmit(ctx, x, srcStrides, permuted, outShape);
    }
}

/// <summary>ScatterND (reductions none, add, mul, max, min) on constants: exporters write shape-only
/// masks with it (swin's attention mask). A scatter into values computed from the image is refused.</summary>
internal sealed class ScatterNdNode(NodeInfo info, NodeAttributes a) : OpNode(info)
{
    private readonly string reduction = a.String("reduction", "none");

    public override void Resolve(ResolveContext ctx)
    {
        if (reduction is not ("none" or "add" or "mul" or "max" or "min"))
            throw new ModelLoadException($"node {Name}: ScatterND reduction '{reduction}' is not defined");
        var d = ctx.RequireConst(0, "data");
        var indices = ctx.RequireConst(1, "indices");
        var u = ctx.RequireConst(2, "updates");
        if (d.Type != u.Type) throw new ModelLoadException($"node {Name}: ScatterND mixes {d.Type} data and {u.Type} updates");
        var s = d.Shape;
        int k = indices.Shape.Length == 0 ? 0 : indices.Shape[^1];
        if (indices.Shape.Length == 0 || k > s.Length) throw new ModelLoadException($"node {Name}: ScatterND indices of shape {ShapeMath.Format(indices.Shape)} for data {ShapeMath.Format(s)}");
        int slice = ShapeMath.Product(s, k, s.Length), count = ShapeMath.Product(indices.Shape, 0, indices.Shape.Length - 1);
        if (u.Length != (long)count * slice) throw new ModelLoadException($"node {Name}: ScatterND updates of shape {ShapeMath.Format(u.Shape)} do not match");
        var strides = ShapeMath.Strides(s);
        var idx = indices.AsLongs($"ScatterND indices at node {Name}");
        var offsets = new int[count];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < k; j++)
            {
                long v = idx[i * k + j];
                if (v < 0) v += s[j];
                if (v < 0 || v >= s[j]) throw new ModelLoadException($"node {Name}: ScatterND index {idx[i * k + j]} out of range for dim {s[j]}");
                offsets[i] += (int)v * strides[j];
            }
        ctx.Fold(0, d.Type == ElementType.Float32
            ? TensorData.FromFloats(s, Scatter<float>(d.FloatData, u.FloatData, offsets, slice, (x, y) => (float)Combine(x, y)))
            : TensorData.FromLongs(s, Scatter<long>(d.LongData, u.LongData, offsets, slice, (x, y) => (long)Combine(x, y))));
    }

    private double Combine(double current, double update) => reduction switch
    {
        "add" => current + update,
        "mul" => current * update,
        "max" => Math.Max(current, update),
        "min" => Math.Min(current, update),
        _ => update,
    };

    private static T[] Scatter<T>(T[] data, T[] updates, int[] offsets, int slice, Func<T, T, T> combine)
    {
        var r = (T[])data.Clone();
        for (int i = 0; i < offsets.Length; i++)
            for (int j = 0; j < slice; j++)
                r[offsets[i] + j] = combine(r[offsets[i] + j], updates[i * slice + j]);
        return r;
    }
}
