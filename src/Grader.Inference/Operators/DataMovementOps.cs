using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>Transpose (perm, default reversed axes).</summary>
internal sealed class TransposeNode(NodeInfo info, NodeAttributes a) : OpNode(info)
{
    private readonly long[]? perm = a.Ints("perm");

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.In(0);
        int rank = x.Shape.Length;
        int[] p = perm is null ? Enumerable.Range(0, rank).Reverse().ToArray() : perm.Select(v => ShapeMath.Axis(v, rank, Name)).ToArray();
        if (p.Length != rank || p.Distinct().Count() != rank)
            throw new ModelLoadException($"node {Name}: perm [{string.Join(",", perm!)}] is not a permutation of {rank} axes");
        var outShape = p.Select(i => x.Shape[i]).ToArray();
        if (x.Constant is { } c)
        {
            ctx.Fold(0, c.Type == ElementType.Float32
                ? TensorData.FromFloats(outShape, Run<float>(c.FloatData, x.Shape, p))
                : TensorData.FromLongs(outShape, Run<long>(c.LongData, x.Shape, p)));
            return;
        }
        var inStrides = ShapeMath.Strides(x.Shape);
        ctx.EmitTyped(new StridedCopyKernelOp(0, p.Select(i => inStrides[i]).ToArray(), outShape), [x], x.Type, outShape);
    }

    private static T[] Run<T>(T[] src, int[] shape, int[] p)
    {
        var dst = new T[src.Length];
        DataMovement.Transpose<T>(src, shape, p, dst);
        return dst;
    }
}

/// <summary>Slice: starts/ends/axes as attributes before opset 10, inputs (plus steps) from 10.</summary>
internal sealed class SliceNode(NodeInfo info, NodeAttributes a) : OpNode(info)
{
    private readonly long[]? attrStarts = a.Ints("starts"), attrEnds = a.Ints("ends"), attrAxes = a.Ints("axes");

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.In(0);
        int rank = x.Shape.Length;
        long[] starts, ends, axes, steps;
        if (Opset < 10)
        {
            starts = attrStarts ?? throw new ModelLoadException($"node {Name}: Slice needs starts");
            ends = attrEnds ?? throw new ModelLoadException($"node {Name}: Slice needs ends");
            axes = attrAxes ?? Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
            steps = Enumerable.Repeat(1L, starts.Length).ToArray();
        }
        else
        {
            starts = ctx.RequireConst(1, "starts").AsLongs($"Slice starts at node {Name}");
            ends = ctx.RequireConst(2, "ends").AsLongs($"Slice ends at node {Name}");
            axes = ctx.Has(3) ? ctx.RequireConst(3, "axes").AsLongs($"Slice axes at node {Name}") : Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
            steps = ctx.Has(4) ? ctx.RequireConst(4, "steps").AsLongs($"Slice steps at node {Name}") : Enumerable.Repeat(1L, starts.Length).ToArray();
        }
        if (ends.Length != starts.Length || axes.Length != starts.Length || steps.Length != starts.Length)
            throw new ModelLoadException($"node {Name}: Slice starts/ends/axes/steps lengths differ");
        var st = new int[rank];
        var sp = Enumerable.Repeat(1, rank).ToArray();
        var outShape = (int[])x.Shape.Clone();
        for (int i = 0; i < starts.Length; i++)
        {
            int ax = ShapeMath.Axis(axes[i], rank, Name);
            long dim = x.Shape[ax], step = steps[i];
            if (step == 0 || Math.Abs(step) > int.MaxValue) throw new ModelLoadException($"node {Name}: invalid Slice step {step}");
            (st[ax], outShape[ax]) = ClampAxis(dim, starts[i], ends[i], step);
            sp[ax] = (int)step;
        }
        if (x.Constant is { } c)
        {
            ctx.Fold(0, c.Type == ElementType.Float32
                ? TensorData.FromFloats(outShape, Run<float>(c.FloatData, x.Shape, st, sp, outShape))
                : TensorData.FromLongs(outShape, Run<long>(c.LongData, x.Shape, st, sp, outShape)));
            return;
        }
        var inStrides = ShapeMath.Strides(x.Shape);
        long baseOff = 0;
        for (int d = 0; d < rank; d++) baseOff += (long)st[d] * inStrides[d];
        ctx.EmitTyped(new StridedCopyKernelOp(baseOff, inStrides.Select((s, d) => s * sp[d]).ToArray(), outShape), [x], x.Type, outShape);
    }

    /// <summary>ONNX Slice's rules for one axis: negative starts/ends count from the end, both
    /// are clamped (differently for negative steps); returns the first index and the count.</summary>
    internal static (int Start, int Count) ClampAxis(long dim, long start, long end, long step)
    {
        if (start < 0) start += dim;
        if (end < 0) end += dim;
        long count;
        if (step > 0)
        {
            start = Math.Clamp(start, 0, dim);
            end = Math.Clamp(end, 0, dim);
            count = end > start ? (end - start + step - 1) / step : 0;
        }
        else
        {
            start = Math.Clamp(start, 0, dim - 1);
            end = Math.Clamp(end, -1, dim - 1);
            count = start > end ? (start - end + (-step) - 1) / -step : 0;
        }
        return ((int)Math.Max(start, 0), (int)count);
    }

    private static T[] Run<T>(T[] src, int[] shape, int[] starts, int[] steps, int[] outShape)
    {
        var dst = new T[ShapeMath.CountInt(outShape)];
        if (dst.Length > 0) DataMovement.Slice<T>(src, shape, starts, steps, outShape, dst);
        return dst;
    }
}

/// <summary>Ops that are one strided read of their input (Expand, Tile, DepthToSpace...): folded
/// on constants, else a <see cref="StridedCopyKernelOp"/>.</summary>
internal static class StridedView
{
    public static void FoldOrEmit(ResolveContext ctx, PlanValue x, int[] srcStrides, int[] viewShape, int[] outShape)
    {
        if (x.Constant is { } c)
        {
            ctx.CheckFoldSize(outShape);
            ctx.Fold(0, c.Type == ElementType.Float32
                ? TensorData.FromFloats(outShape, Copy<float>(c.FloatData, srcStrides, viewShape))
                : TensorData.FromLongs(outShape, Copy<long>(c.LongData, srcStrides, viewShape)));
            return;
        }
        ctx.EmitTyped(new StridedCopyKernelOp(0, srcStrides, viewShape), [x], x.Type, outShape);
    }

    private static T[] Copy<T>(T[] src, int[] strides, int[] shape)
    {
        var dst = new T[ShapeMath.CountInt(shape)];
        DataMovement.StridedCopy<T>(src, 0, strides, dst, 0, ShapeMath.Strides(shape), shape);
        return dst;
    }
}

/// <summary>Reads the input at srcBase + Σ index·stride over <see cref="OutShape"/> and writes in row-major
/// order: Transpose, Slice, Expand and Tile. OutShape may split the output's dims (Tile's repeats).</summary>
internal sealed class StridedCopyKernelOp(long srcBase, int[] srcStrides, int[] outShape) : KernelOp
{
    public long SourceBase => srcBase;
    public int[] SourceStrides => srcStrides;
    public int[] OutShape => outShape;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new StridedCopyKernel(step.Inputs[0].Length, srcBase, srcStrides, outShape, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[0]), bind.Workers);
}

/// <summary>Concat along an axis; constant and computed inputs may be mixed.</summary>
internal sealed class ConcatNode(NodeInfo info, NodeAttributes a) : OpNode(info)
{
    private readonly long axis = a.Has("axis") ? a.Int("axis", 0) : throw new ModelLoadException($"node {info.Name}: Concat needs axis");

    public override void Resolve(ResolveContext ctx)
    {
        var ins = Enumerable.Range(0, ctx.InputCount).Where(ctx.Has).Select(ctx.In).ToArray();
        if (ins.Length == 0) throw new ModelLoadException($"node {Name}: Concat without inputs");
        var first = ins[0];
        int rank = first.Shape.Length;
        int ax = ShapeMath.Axis(axis, rank, Name);
        var outShape = (int[])first.Shape.Clone();
        outShape[ax] = 0;
        foreach (var v in ins)
        {
            if (v.Type != first.Type || v.Shape.Length != rank || Enumerable.Range(0, rank).Any(d => d != ax && v.Shape[d] != first.Shape[d]))
                throw new ModelLoadException($"node {Name}: cannot concat {string.Join(" and ", ins.Select(i => ShapeMath.Format(i.Shape)))} on axis {ax}");
            outShape[ax] += v.Shape[ax];
        }
        int outer = ShapeMath.Product(outShape, 0, ax), inner = ShapeMath.Product(outShape, ax + 1, rank);
        var blocks = ins.Select(v => v.Shape[ax] * inner).ToArray();
        if (ins.All(v => v.IsConstant))
        {
            ctx.CheckFoldSize(outShape);
            ctx.Fold(0, first.Type == ElementType.Float32
                ? TensorData.FromFloats(outShape, Run(ins.Select(v => v.Constant!.FloatData).ToArray(), outer, blocks))
                : TensorData.FromLongs(outShape, Run(ins.Select(v => v.Constant!.LongData).ToArray(), outer, blocks)));
            return;
        }
        ctx.EmitTyped(new ConcatKernelOp(outer, blocks), ins, first.Type, outShape);
    }

    private static T[] Run<T>(T[][] srcs, int outer, int[] blocks)
    {
        int row = blocks.Sum();
        var dst = new T[outer * row];
        for (int o = 0; o < outer; o++)
            for (int i = 0, off = o * row; i < srcs.Length; off += blocks[i], i++)
                Array.Copy(srcs[i], o * blocks[i], dst, off, blocks[i]);
        return dst;
    }
}

internal sealed class ConcatKernelOp(int outer, int[] blocks) : KernelOp
{
    public int Outer => outer;
    public int[] Blocks => blocks;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new ConcatKernel(outer, blocks, step.Inputs.Select(v => (IntPtr)bind.Ptr(v)).ToArray(), bind.Ptr(step.Outputs[0]));
}

/// <summary>Gather along an axis with constant indices (x[:, 2], shape[0], ...).</summary>
internal sealed class GatherNode(NodeInfo info, NodeAttributes a) : OpNode(info)
{
    private readonly long axis = a.Int("axis", 0);

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.In(0);
        var idx = ctx.RequireConst(1, "indices");
        int rank = x.Shape.Length;
        int ax = ShapeMath.Axis(axis, rank, Name);
        int dim = x.Shape[ax];
        var indices = idx.AsLongs($"Gather indices at node {Name}").Select(i =>
        {
            long j = i < 0 ? i + dim : i;
            return j >= 0 && j < dim ? (int)j : throw new ModelLoadException($"node {Name}: Gather index {i} out of range for dim {dim}");
        }).ToArray();
        var outShape = x.Shape[..ax].Concat(idx.Shape).Concat(x.Shape[(ax + 1)..]).ToArray();
        int outer = ShapeMath.Product(x.Shape, 0, ax), inner = ShapeMath.Product(x.Shape, ax + 1, rank);
        if (x.Constant is { } c)
        {
            ctx.CheckFoldSize(outShape);
            ctx.Fold(0, c.Type == ElementType.Float32
                ? TensorData.FromFloats(outShape, Run<float>(c.FloatData, outer, dim, inner, indices))
                : TensorData.FromLongs(outShape, Run<long>(c.LongData, outer, dim, inner, indices)));
            return;
        }
        ctx.EmitTyped(new GatherKernelOp(outer, dim, inner, indices), [x], x.Type, outShape);
    }

    private static T[] Run<T>(T[] src, int outer, int dim, int inner, int[] indices)
    {
        var dst = new T[outer * indices.Length * inner];
        DataMovement.Gather<T>(src, outer, dim, inner, indices, dst);
        return dst;
    }
}

internal sealed class GatherKernelOp(int outer, int dim, int inner, int[] indices) : KernelOp
{
    public (int Outer, int Dim, int Inner) Dims => (outer, dim, inner);
    public int[] Indices => indices;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new GatherKernel(outer, dim, inner, indices, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[0]));
}

/// <summary>Pad (constant, reflect, edge, wrap): pads/value attributes before opset 11, inputs from
/// 11 (axes from 18). Negative pads crop.</summary>
internal sealed class PadNode : OpNode
{
    private readonly long[]? attrPads;
    private readonly float attrValue;
    private readonly PadMode mode;

    public PadNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        mode = a.String("mode", "constant") switch
        {
            "constant" => PadMode.Constant,
            "reflect" => PadMode.Reflect,
            "edge" => PadMode.Edge,
            "wrap" => PadMode.Wrap,
            var m => throw new ModelLoadException($"node {info.Name}: Pad mode '{m}' is not supported (constant, reflect, edge, wrap)"),
        };
        attrPads = a.Ints("pads") ?? a.Ints("paddings");
        attrValue = a.Float("value", 0f);
    }

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.In(0);
        int rank = x.Shape.Length;
        long[] pads;
        float value = attrValue;
        if (Opset < 11) pads = attrPads ?? throw new ModelLoadException($"node {Name}: Pad needs pads");
        else
        {
            pads = ctx.RequireConst(1, "pads").AsLongs($"Pad pads at node {Name}");
            if (ctx.Has(2)) value = (float)ctx.RequireConst(2, "constant_value").ScalarValue($"Pad value at node {Name}");
            if (ctx.Has(3))
            {
                var axes = ctx.RequireConst(3, "axes").AsLongs($"Pad axes at node {Name}");
                if (pads.Length != 2 * axes.Length) throw new ModelLoadException($"node {Name}: Pad has {pads.Length} pads for {axes.Length} axes");
                var full = new long[2 * rank];
                for (int i = 0; i < axes.Length; i++)
                {
                    int ax = ShapeMath.Axis(axes[i], rank, Name);
                    full[ax] = pads[i];
                    full[ax + rank] = pads[i + axes.Length];
                }
                pads = full;
            }
        }
        if (pads.Length != 2 * rank) throw new ModelLoadException($"node {Name}: Pad needs {2 * rank} pads, has {pads.Length}");
        if (pads.Any(p => Math.Abs(p) > 1 << 20)) throw new ModelLoadException($"node {Name}: Pad amount out of range");
        var begin = pads[..rank].Select(p => (int)p).ToArray();
        var outShape = x.Shape.Select((d, i) => d + (int)pads[i] + (int)pads[i + rank]).ToArray();
        if (outShape.Any(d => d < 0)) throw new ModelLoadException($"node {Name}: Pad crops below zero");
        if (mode != PadMode.Constant && x.Shape.Select((d, i) => d == 0 && outShape[i] > 0).Any(b => b))
            throw new ModelLoadException($"node {Name}: {mode} padding of an empty axis");
        if (x.Constant is { } c)
        {
            ctx.CheckFoldSize(outShape);
            if (c.Type == ElementType.Float32)
            {
                var dst = new float[ShapeMath.CountInt(outShape)];
                DataMovement.Pad<float>(c.FloatData, x.Shape, begin, outShape, value, dst, mode);
                ctx.Fold(0, TensorData.FromFloats(outShape, dst));
            }
            else
            {
                var dst = new long[ShapeMath.CountInt(outShape)];
                DataMovement.Pad<long>(c.LongData, x.Shape, begin, outShape, (long)value, dst, mode);
                ctx.Fold(0, TensorData.FromLongs(outShape, dst));
            }
            return;
        }
        ctx.EmitTyped(new PadKernelOp(x.Shape, begin, outShape, value, mode), [x], x.Type, outShape);
    }
}

internal sealed class PadKernelOp(int[] shape, int[] begin, int[] outShape, float value, PadMode mode = PadMode.Constant) : KernelOp
{
    public PadMode Mode => mode;
    public int[] InShape => shape;
    public int[] Begin => begin;
    public int[] OutShape => outShape;
    public float Value => value;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new PadKernel(shape, begin, outShape, value, mode, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[0]));
}

/// <summary>Split along an axis: sizes from the 'split' attribute before opset 13, from the
/// optional second input from 13, else equal parts (num_outputs from 18).</summary>
internal sealed class SplitNode(NodeInfo info, NodeAttributes a) : OpNode(info)
{
    private readonly long axis = a.Int("axis", 0);
    private readonly long[]? attrSplit = a.Ints("split");

    public override int SupportedOutputs => Outputs.Length;

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.In(0);
        int rank = x.Shape.Length;
        int ax = ShapeMath.Axis(axis, rank, Name);
        int dim = x.Shape[ax], parts = Outputs.Length;
        long[] sizes = Opset < 13 ? attrSplit ?? Equal(dim, parts)
            : ctx.Has(1) ? ctx.RequireConst(1, "split").AsLongs($"Split sizes at node {Name}") : Equal(dim, parts);
        if (sizes.Length != parts || sizes.Any(v => v < 0) || sizes.Sum() != dim)
            throw new ModelLoadException($"node {Name}: split sizes [{string.Join(",", sizes)}] do not divide dim {dim} into {parts} outputs");
        int outer = ShapeMath.Product(x.Shape, 0, ax), inner = ShapeMath.Product(x.Shape, ax + 1, rank);
        var shapes = sizes.Select(n => x.Shape.Select((d, i) => i == ax ? (int)n : d).ToArray()).ToArray();
        if (x.Constant is { } c)
        {
            int offset = 0;
            for (int o = 0; o < parts; o++)
            {
                var idx = Enumerable.Range(offset, (int)sizes[o]).ToArray();
                ctx.Fold(o, c.Type == ElementType.Float32
                    ? TensorData.FromFloats(shapes[o], Gather<float>(c.FloatData, outer, dim, inner, idx))
                    : TensorData.FromLongs(shapes[o], Gather<long>(c.LongData, outer, dim, inner, idx)));
                offset += (int)sizes[o];
            }
            return;
        }
        ctx.EmitTyped(new SplitKernelOp(outer, dim, inner, sizes.Select(v => (int)v).ToArray()), [x], x.Type, shapes);
    }

    /// <summary>Equal parts; from opset 18 (num_outputs) a dim that does not divide evenly gets
    /// parts of ⌈dim/n⌉ and a smaller last one.</summary>
    private long[] Equal(int dim, int parts)
    {
        if (parts == 0) throw new ModelLoadException($"node {Name}: Split without outputs");
        if (dim % parts == 0) return Enumerable.Repeat((long)(dim / parts), parts).ToArray();
        int chunk = (dim + parts - 1) / parts;
        if (Opset < 18 || (long)chunk * (parts - 1) >= dim) throw new ModelLoadException($"node {Name}: cannot split {dim} into {parts} equal parts");
        return [.. Enumerable.Repeat((long)chunk, parts - 1), dim - (long)chunk * (parts - 1)];
    }

    private static T[] Gather<T>(T[] src, int outer, int dim, int inner, int[] idx)
    {
        var dst = new T[outer * idx.Length * inner];
        DataMovement.Gather<T>(src, outer, dim, inner, idx, dst);
        return dst;
    }
}

internal sealed class SplitKernelOp(int outer, int dim, int inner, int[] sizes) : KernelOp
{
    public (int Outer, int Dim, int Inner) Dims => (outer, dim, inner);
    public int[] Sizes => sizes;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new SplitKernel(outer, dim, inner, sizes, bind.Ptr(step.Inputs[0]), step.Outputs.Select(o => (IntPtr)bind.Ptr(o)).ToArray());
}
