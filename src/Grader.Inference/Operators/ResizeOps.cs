using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx;

namespace Grader.Inference.Operators;

/// <summary>
/// Resize (opset 10+) and Upsample (opsets 7-9): nearest (every nearest_mode), linear and cubic,
/// with every coordinate_transformation_mode, scales or sizes (keep_aspect_ratio_policy, axes),
/// as ONNX Runtime computes them (coordinates in float32). Each resized axis is one separable
/// pass: for every output coordinate a few input taps and their weights, computed at plan time.
/// </summary>
internal sealed class ResizeNode : OpNode
{
    private enum Mode { Nearest, Linear, Cubic }

    private readonly Mode mode;
    private readonly string transform, nearestMode, aspectPolicy;
    private readonly float cubicA, extrapolation;
    private readonly bool excludeOutside;
    private readonly float[]? attrScales;
    private readonly long[]? attrAxes;

    public ResizeNode(NodeInfo info, NodeAttributes a) : base(info)
    {
        bool resize = info.OpType == "Resize";
        mode = a.String("mode", "nearest") switch
        {
            "nearest" => Mode.Nearest,
            "linear" or "bilinear" => Mode.Linear,
            "cubic" when resize => Mode.Cubic,
            var m => throw new ModelLoadException($"node {info.Name}: {info.OpType} mode '{m}' is not supported (nearest, linear{(resize ? ", cubic" : "")})"),
        };
        // Before opset 11 the transformation was fixed: asymmetric, and nearest rounds down when
        // enlarging and up when shrinking (ONNX Runtime's "simple" mode).
        bool modern = resize && info.Opset >= 11;
        transform = modern ? a.String("coordinate_transformation_mode", "half_pixel") : "asymmetric";
        nearestMode = modern ? a.String("nearest_mode", "round_prefer_floor") : "simple";
        if (transform is not ("half_pixel" or "half_pixel_symmetric" or "asymmetric" or "pytorch_half_pixel" or "tf_half_pixel_for_nn" or "align_corners" or "tf_crop_and_resize"))
            throw new ModelLoadException($"node {info.Name}: coordinate_transformation_mode '{transform}' is not defined");
        if (nearestMode is not ("simple" or "round_prefer_floor" or "round_prefer_ceil" or "floor" or "ceil"))
            throw new ModelLoadException($"node {info.Name}: nearest_mode '{nearestMode}' is not defined");
        cubicA = a.Float("cubic_coeff_a", -0.75f);
        excludeOutside = a.Int("exclude_outside", 0) != 0;
        extrapolation = a.Float("extrapolation_value", 0f);
        aspectPolicy = a.String("keep_aspect_ratio_policy", "stretch");
        if (aspectPolicy is not ("stretch" or "not_larger" or "not_smaller"))
            throw new ModelLoadException($"node {info.Name}: keep_aspect_ratio_policy '{aspectPolicy}' is not defined");
        if (a.Int("antialias", 0) != 0)
            throw new ModelLoadException($"node {info.Name}: Resize with antialias=1 is not supported; export with antialias=False");
        attrScales = a.Floats("scales");
        attrAxes = a.Ints("axes");
    }

    public override void Resolve(ResolveContext ctx)
    {
        var x = ctx.RequireFloat(0);
        var s = x.Shape;
        int rank = s.Length;
        var axes = attrAxes is null ? Enumerable.Range(0, rank).ToArray() : attrAxes.Select(v => ShapeMath.Axis(v, rank, Name)).ToArray();
        if (axes.Distinct().Count() != axes.Length) throw new ModelLoadException($"node {Name}: repeated Resize axis");
        var (scales, outShape) = Targets(ctx, s, axes);
        var (roiStart, roiEnd) = Roi(ctx, rank, axes);

        var current = x;
        var shape = (int[])s.Clone();
        var passes = new List<(int Axis, Taps Taps)>();
        for (int d = 0; d < rank; d++)
        {
            var taps = AxisTaps(s[d], outShape[d], scales[d], roiStart[d], roiEnd[d]);
            if (!taps.IsIdentity) passes.Add((d, taps));
        }
        if (passes.Count == 0)
        {
            ctx.Emit(new AliasKernelOp(), [x], outShape);
            return;
        }
        for (int p = 0; p < passes.Count; p++)
        {
            var (d, taps) = passes[p];
            shape[d] = outShape[d];
            // Earlier axes are already resized, later ones not yet.
            var op = new ResampleKernelOp(ShapeMath.Product(shape, 0, d), s[d], outShape[d],
                ShapeMath.Product(shape, d + 1, rank), taps.Count, taps.Index, taps.Weight, taps.Offset);
            if (p == passes.Count - 1) ctx.Emit(op, [current], outShape);
            else current = ctx.Intermediate(op, [current], (int[])shape.Clone());
        }
    }

    /// <summary>Per-axis scale and output size, from sizes or scales (input, or attribute before opset 9).</summary>
    private (float[] Scales, int[] Out) Targets(ResolveContext ctx, int[] s, int[] axes)
    {
        int rank = s.Length;
        var scales = Enumerable.Repeat(1f, rank).ToArray();
        var outShape = (int[])s.Clone();
        float[]? given = attrScales;
        long[]? sizes = null;
        if (OpType == "Upsample" && Opset >= 9 || OpType == "Resize" && Opset == 10)
            given = ctx.RequireConst(1, "scales").RuntimeFloats("scales");
        else if (OpType == "Resize")
        {
            if (ctx.Has(2) && ctx.RequireConst(2, "scales") is { Length: > 0 } sc) given = sc.RuntimeFloats("scales");
            if (ctx.Has(3) && ctx.RequireConst(3, "sizes") is { Length: > 0 } sz) sizes = sz.AsLongs($"Resize sizes at node {Name}");
            if (given is not null && sizes is not null) throw new ModelLoadException($"node {Name}: Resize has both scales and sizes");
        }
        if (given is null && sizes is null) throw new ModelLoadException($"node {Name}: {OpType} needs scales or sizes");
        int count = (given?.Length ?? sizes!.Length);
        if (count != axes.Length) throw new ModelLoadException($"node {Name}: {count} scales or sizes for {axes.Length} axes");
        if (given is not null)
        {
            for (int i = 0; i < axes.Length; i++)
            {
                float f = given[i];
                if (!(f > 0) || float.IsInfinity(f) || OpType == "Upsample" && f < 1)
                    throw new ModelLoadException($"node {Name}: invalid scale {f}");
                long o = (long)(f * s[axes[i]]);
                // These transforms divide by the output length minus one: ONNX's reference takes
                // the unrounded in·scale, onnxruntime the rounded size. Refuse rather than guess.
                if (transform is "align_corners" or "tf_crop_and_resize" && f != 1f && o != f * s[axes[i]])
                    throw new ModelLoadException($"node {Name}: Resize {transform} with scale {f} on a dim of {s[axes[i]]} gives a fractional size ({f * s[axes[i]]}); pass sizes instead of scales");
                if (o > ShapeMath.MaxElements) throw new ModelLoadException($"node {Name}: output size {o} is too large");
                scales[axes[i]] = f;
                outShape[axes[i]] = (int)o;
            }
            return (scales, outShape);
        }
        if (sizes!.Any(v => v < 0 || v > ShapeMath.MaxElements)) throw new ModelLoadException($"node {Name}: invalid sizes [{string.Join(",", sizes!)}]");
        if (aspectPolicy == "stretch")
        {
            for (int i = 0; i < axes.Length; i++)
            {
                int d = axes[i];
                outShape[d] = (int)sizes![i];
                scales[d] = s[d] == 0 ? 1f : (float)sizes[i] / s[d];
            }
            return (scales, outShape);
        }
        // One scale for all the axes: the largest that fits (not_larger) or covers (not_smaller).
        var ratios = axes.Select((d, i) => (float)sizes![i] / s[d]).ToArray();
        float scale = aspectPolicy == "not_larger" ? ratios.Min() : ratios.Max();
        foreach (int d in axes)
        {
            scales[d] = scale;
            outShape[d] = (int)Math.Round(scale * s[d], MidpointRounding.AwayFromZero);
        }
        return (scales, outShape);
    }

    private (float[] Start, float[] End) Roi(ResolveContext ctx, int rank, int[] axes)
    {
        var start = new float[rank];
        var end = Enumerable.Repeat(1f, rank).ToArray();
        if (transform != "tf_crop_and_resize" || OpType != "Resize" || !ctx.Has(1)) return (start, end);
        var roi = ctx.RequireConst(1, "roi").RuntimeFloats("roi");
        if (roi.Length != 2 * axes.Length) throw new ModelLoadException($"node {Name}: roi has {roi.Length} values for {axes.Length} axes");
        for (int i = 0; i < axes.Length; i++)
        {
            start[axes[i]] = roi[i];
            end[axes[i]] = roi[i + axes.Length];
        }
        return (start, end);
    }

    /// <summary>Input taps of every output coordinate of one axis; out-of-range crops get no taps
    /// and the extrapolation value as offset.</summary>
    private Taps AxisTaps(int inLen, int outLen, float scale, float roiStart, float roiEnd)
    {
        // A scale of 1 keeps the axis as it is, whatever the transformation (as onnxruntime does).
        int count = scale == 1f && inLen == outLen ? 1 : mode switch { Mode.Nearest => 1, Mode.Linear => 2, _ => 4 };
        var taps = new Taps(inLen, outLen, count);
        if (scale == 1f && inLen == outLen)
        {
            for (int o = 0; o < outLen; o++) (taps.Index[o], taps.Weight[o]) = (o, 1f);
            return taps;
        }
        bool extrapolate = transform == "tf_crop_and_resize";
        for (int o = 0; o < outLen; o++)
        {
            float xo = Original(o, scale, outLen, inLen, roiStart, roiEnd);
            if (extrapolate && (xo < 0 || xo > inLen - 1))
            {
                taps.Offset[o] = extrapolation;
                continue;
            }
            int b = o * count;
            if (inLen == 0) continue;
            switch (mode)
            {
                case Mode.Nearest:
                    taps.Index[b] = Math.Clamp(Nearest(xo, scale < 1), 0, inLen - 1);
                    taps.Weight[b] = 1f;
                    break;
                case Mode.Linear:
                    {
                        float c = Math.Clamp(xo, 0f, inLen - 1);
                        int x1 = Math.Min((int)c, inLen - 1), x2 = Math.Min(x1 + 1, inLen - 1);
                        float d1 = MathF.Abs(c - x1), d2 = MathF.Abs(c - x2);
                        if (x1 == x2) d1 = d2 = 0.5f;
                        (taps.Index[b], taps.Weight[b], taps.Index[b + 1], taps.Weight[b + 1]) = (x1, d2, x2, d1);
                        break;
                    }
                default:
                    {
                        float f = MathF.Floor(xo);
                        var w = CubicCoefficients(xo - f);
                        float sum = 0;
                        for (int k = 0; k < 4; k++)
                        {
                            int i = (int)f - 1 + k;
                            if (excludeOutside && (i < 0 || i >= inLen)) w[k] = 0;
                            sum += w[k];
                            taps.Index[b + k] = Math.Clamp(i, 0, inLen - 1);
                        }
                        for (int k = 0; k < 4; k++) taps.Weight[b + k] = excludeOutside ? w[k] / sum : w[k];
                        break;
                    }
            }
        }
        return taps;
    }

    /// <summary>The input coordinate of output coordinate <paramref name="o"/>, in float32 as ONNX Runtime computes it.</summary>
    private float Original(int o, float scale, int outLen, int inLen, float roiStart, float roiEnd) => transform switch
    {
        "asymmetric" => o / scale,
        "pytorch_half_pixel" => outLen > 1 ? (o + 0.5f) / scale - 0.5f : 0f,
        "tf_half_pixel_for_nn" => (o + 0.5f) / scale,
        "align_corners" => outLen == 1 ? 0f : o * (float)(inLen - 1) / (outLen - 1),
        "tf_crop_and_resize" => outLen > 1
            ? roiStart * (inLen - 1) + o * (roiEnd - roiStart) * (inLen - 1) / (outLen - 1)
            : 0.5f * (roiStart + roiEnd) * (inLen - 1),
        "half_pixel_symmetric" => HalfPixelSymmetric(o, scale, outLen, inLen),
        _ => (o + 0.5f) / scale - 0.5f,
    };

    private static float HalfPixelSymmetric(int o, float scale, int outLen, int inLen)
    {
        float adjustment = outLen / (scale * inLen);
        float center = inLen / 2f;
        float offset = center * (1 - adjustment);
        return offset + (o + 0.5f) / scale - 0.5f;
    }

    private int Nearest(float x, bool shrinking) => nearestMode switch
    {
        "simple" => shrinking ? (int)MathF.Ceiling(x) : (int)x,
        "round_prefer_ceil" => (int)MathF.Round(x, MidpointRounding.AwayFromZero),
        "floor" => (int)MathF.Floor(x),
        "ceil" => (int)MathF.Ceiling(x),
        _ => x == (int)x + 0.5f ? (int)MathF.Floor(x) : (int)MathF.Round(x, MidpointRounding.AwayFromZero),
    };

    /// <summary>Keys' cubic convolution weights of the taps at floor(x) − 1 .. floor(x) + 2.</summary>
    private float[] CubicCoefficients(float s)
    {
        float a = cubicA;
        float Far(float t) => ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
        float Near(float t) => ((a + 2) * t - (a + 3)) * t * t + 1;
        return [Far(s + 1), Near(s), Near(1 - s), Far(2 - s)];
    }

    private sealed class Taps(int inLen, int outLen, int count)
    {
        public int Count => count;
        public int[] Index { get; } = new int[outLen * count];
        public float[] Weight { get; } = new float[outLen * count];
        public float[] Offset { get; } = new float[outLen];

        public bool IsIdentity => inLen == outLen && count == 1 && Offset.All(v => v == 0)
            && Index.Select((v, i) => v == i && Weight[i] == 1f).All(b => b);
    }
}

/// <summary>One axis of a resize, viewing the tensor as [outer, inLen, inner] → [outer, outLen, inner]:
/// out[o, j, i] = offset[j] + Σₖ weight[j·taps + k] · in[o, index[j·taps + k], i].</summary>
internal sealed class ResampleKernelOp(int outer, int inLen, int outLen, int inner, int taps, int[] index, float[] weight, float[] offset) : KernelOp
{
    public (int Outer, int InLength, int OutLength, int Inner) Dims => (outer, inLen, outLen, inner);
    public int Taps => taps;
    public int[] Index => index;
    public float[] Weight => weight;
    public float[] Offset => offset;

    public override long Flops(PlanStep step) => 2L * taps * step.Outputs[0].Length;

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new ResampleKernel(outer, inLen, outLen, inner, taps, index, weight, offset, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[0]), bind.Workers);
}
