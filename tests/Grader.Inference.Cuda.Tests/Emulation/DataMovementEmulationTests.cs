using Grader.Inference.Cpu;
using Grader.Inference.Cuda.Binding;
using Grader.Inference.Cuda.Ops;
using Grader.Inference.Graph;
using Grader.Inference.Operators;
using Grader.Inference.Tests;

namespace Grader.Inference.Cuda.Tests.Emulation;

/// <summary>grader_strided_copy (Transpose, Slice), grader_copy_rows (Concat, Split), grader_gather
/// and grader_pad against the engine's CPU kernels, with the arguments built by the binding's code.</summary>
public unsafe class DataMovementEmulationTests
{
    private static delegate* unmanaged<float*, float*, long, long, Dims8Arg, void> StridedCopy =>
        (delegate* unmanaged<float*, float*, long, long, Dims8Arg, void>)EmulatedKernels.Library.Export("grader_strided_copy");

    private static delegate* unmanaged<float*, float*, long, long, long, long, void> CopyRows =>
        (delegate* unmanaged<float*, float*, long, long, long, long, void>)EmulatedKernels.Library.Export("grader_copy_rows");

    private static delegate* unmanaged<float*, float*, int*, long, long, long, long, void> Gather =>
        (delegate* unmanaged<float*, float*, int*, long, long, long, long, void>)EmulatedKernels.Library.Export("grader_gather");

    private static delegate* unmanaged<float*, float*, long, Dims8Arg, float, int, void> Pad =>
        (delegate* unmanaged<float*, float*, long, Dims8Arg, float, int, void>)EmulatedKernels.Library.Export("grader_pad");

    private static delegate* unmanaged<float*, float*, int*, float*, float*, long, long, long, long, int, void> Resample =>
        (delegate* unmanaged<float*, float*, int*, float*, float*, long, long, long, long, int, void>)EmulatedKernels.Library.Export("grader_resample");

    /// <summary>The op TransposeNode emits.</summary>
    private static StridedCopyKernelOp Transpose(int[] shape, int[] perm)
    {
        var inStrides = ShapeMath.Strides(shape);
        return new StridedCopyKernelOp(0, perm.Select(i => inStrides[i]).ToArray(), perm.Select(i => shape[i]).ToArray());
    }

    /// <summary>The op SliceNode emits for starts/ends/steps on every axis (its clamping rules).</summary>
    private static StridedCopyKernelOp Slice(int[] shape, long[] starts, long[] ends, long[] steps)
    {
        int rank = shape.Length;
        var st = new int[rank];
        var outShape = (int[])shape.Clone();
        for (int ax = 0; ax < rank; ax++)
            (st[ax], outShape[ax]) = SliceNode.ClampAxis(shape[ax], starts[ax], ends[ax], steps[ax]);
        var inStrides = ShapeMath.Strides(shape);
        long baseOff = 0;
        for (int d = 0; d < rank; d++) baseOff += (long)st[d] * inStrides[d];
        return new StridedCopyKernelOp(baseOff, inStrides.Select((s, d) => s * (int)steps[d]).ToArray(), outShape);
    }

    public static TheoryData<string> StridedCopies => ["transpose 2x3x4 to 4x2x3", "transpose 2x3x4x5 NCHW to NHWC", "slice with offsets and steps", "slice reversed"];

    private static (int[] Shape, StridedCopyKernelOp Op) StridedCase(string name) => name switch
    {
        "transpose 2x3x4 to 4x2x3" => ([2, 3, 4], Transpose([2, 3, 4], [2, 0, 1])),
        "transpose 2x3x4x5 NCHW to NHWC" => ([2, 3, 4, 5], Transpose([2, 3, 4, 5], [0, 2, 3, 1])),
        "slice with offsets and steps" => ([3, 5, 7], Slice([3, 5, 7], [1, 0, 2], [3, 5, -1], [1, 2, 3])),
        "slice reversed" => ([4, 6], Slice([4, 6], [-1, 5], [0, -100], [-1, -2])),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(StridedCopies))]
    public void StridedCopyMatchesTheCpuKernel(string name)
    {
        var (shape, op) = StridedCase(name);
        int inLength = ShapeMath.CountInt(shape), total = ShapeMath.CountInt(op.OutShape);
        Assert.True(total > 0);
        using var x = new HostTensor(Reference.Random(inLength, 16));
        using var expected = new HostTensor(total);
        using var y = new HostTensor(total);
        new StridedCopyKernel(inLength, op.SourceBase, op.SourceStrides, op.OutShape, x.Ptr, expected.Ptr).Execute();
        var dims = DataMovementKernels.StridedCopyDims(op, name);
        foreach (var grid in KernelGrid.All)
        {
            y.Poison();
            grid.Run(() => StridedCopy(x.Ptr, y.Ptr, total, op.SourceBase, dims), y);
            Reference.Close(expected.Span, y.Span, $"{name}, {grid}", 0);
        }
    }

    [Fact]
    public void ConcatRowCopiesMatchTheCpuKernel()
    {
        // [2,3,4] ++ [2,1,4] ++ [2,2,4] on axis 1: two outer rows of blocks 12, 4 and 8.
        var op = new ConcatKernelOp(2, [12, 4, 8]);
        var inputs = op.Blocks.Select((b, i) => new HostTensor(Reference.Random(op.Outer * b, 20 + i))).ToArray();
        try
        {
            int total = op.Outer * op.Blocks.Sum();
            using var expected = new HostTensor(total);
            using var y = new HostTensor(total);
            new ConcatKernel(op.Outer, op.Blocks, inputs.Select(t => (IntPtr)t.Ptr).ToArray(), expected.Ptr).Execute();
            foreach (var grid in KernelGrid.All)
            {
                y.Poison();
                foreach (var c in DataMovementKernels.ConcatCopies(op))
                    grid.Run(() => CopyRows(inputs[c.Tensor].Ptr + c.SrcOffset, y.Ptr + c.DstOffset, c.Rows, c.Cols, c.SrcPitch, c.DstPitch), y);
                Reference.Close(expected.Span, y.Span, $"concat, {grid}", 0);
            }
        }
        finally
        {
            foreach (var t in inputs) t.Dispose();
        }
    }

    [Fact]
    public void SplitRowCopiesMatchTheCpuKernel()
    {
        // [2,6,3] split on axis 1 into 1, 2 and 3.
        var op = new SplitKernelOp(2, 6, 3, [1, 2, 3]);
        var (outer, dim, inner) = op.Dims;
        using var x = new HostTensor(Reference.Random(outer * dim * inner, 23));
        var expected = op.Sizes.Select(s => new HostTensor(outer * s * inner)).ToArray();
        var outputs = op.Sizes.Select(s => new HostTensor(outer * s * inner)).ToArray();
        try
        {
            new SplitKernel(outer, dim, inner, op.Sizes, x.Ptr, expected.Select(t => (IntPtr)t.Ptr).ToArray()).Execute();
            foreach (var grid in KernelGrid.All)
            {
                foreach (var o in outputs) o.Poison();
                foreach (var c in DataMovementKernels.SplitCopies(op))
                    grid.Run(() => CopyRows(x.Ptr + c.SrcOffset, outputs[c.Tensor].Ptr + c.DstOffset, c.Rows, c.Cols, c.SrcPitch, c.DstPitch), outputs[c.Tensor]);
                for (int i = 0; i < outputs.Length; i++) Reference.Close(expected[i].Span, outputs[i].Span, $"split output {i}, {grid}", 0);
            }
        }
        finally
        {
            foreach (var t in expected.Concat(outputs)) t.Dispose();
        }
    }

    [Theory]
    [InlineData(2, 5, 3, new[] { 4, 0, 0, 2 })]
    [InlineData(1, 6, 4, new[] { 5 })]
    [InlineData(3, 4, 1, new[] { 3, 2, 1, 0, 3 })]
    public void GatherMatchesTheCpuKernel(int outer, int dim, int inner, int[] indices)
    {
        var op = new GatherKernelOp(outer, dim, inner, indices);
        int total = outer * indices.Length * inner;
        using var x = new HostTensor(Reference.Random(outer * dim * inner, 24));
        using var expected = new HostTensor(total);
        using var y = new HostTensor(total);
        new GatherKernel(outer, dim, inner, op.Indices, x.Ptr, expected.Ptr).Execute();
        fixed (int* indexPtr = op.Indices)
        {
            var indexAddress = (IntPtr)indexPtr; // a lambda may not capture a pointer of a fixed statement
            foreach (var grid in KernelGrid.All)
            {
                y.Poison();
                grid.Run(() => Gather(x.Ptr, y.Ptr, (int*)indexAddress, outer, dim, inner, op.Indices.Length), y);
                Reference.Close(expected.Span, y.Span, $"gather {outer}x{dim}x{inner} at [{string.Join(",", indices)}], {grid}", 0);
            }
        }
    }

    // input shape, leading pads, trailing pads (negative: crop)
    public static TheoryData<int[], int[], int[]> Pads => new()
    {
        { [2, 3, 4], [0, 1, 2], [1, 0, 3] },
        { [2, 3, 4], [0, 1, -1], [1, -1, 2] },
        { [1, 2, 5, 6], [0, 0, -2, 1], [0, 0, 1, -3] },
        { [7], [-3], [2] },
    };

    [Theory]
    [MemberData(nameof(Pads))]
    public void PadMatchesTheCpuKernel(int[] shape, int[] begin, int[] end)
    {
        var outShape = shape.Select((d, i) => d + begin[i] + end[i]).ToArray();
        int total = ShapeMath.CountInt(outShape);
        using var x = new HostTensor(Reference.Random(ShapeMath.CountInt(shape), 25));
        using var expected = new HostTensor(total);
        using var y = new HostTensor(total);
        foreach (var mode in Enum.GetValues<PadMode>())
        {
            var op = new PadKernelOp(shape, begin, outShape, 0.5f, mode);
            new PadKernel(op.InShape, op.Begin, op.OutShape, op.Value, op.Mode, x.Ptr, expected.Ptr).Execute();
            var dims = DataMovementKernels.PadDims(op, "pad");
            foreach (var grid in KernelGrid.All)
            {
                y.Poison();
                grid.Run(() => Pad(x.Ptr, y.Ptr, total, dims, op.Value, (int)op.Mode), y);
                Reference.Close(expected.Span, y.Span, $"{mode} pad [{string.Join(",", shape)}] by [{string.Join(",", begin)}]/[{string.Join(",", end)}], {grid}", 0);
            }
        }
    }

    /// <summary>Every pass of real Resize nodes (nearest, linear, cubic; enlarging and shrinking;
    /// crop with extrapolation), as planned by the engine, run by grader_resample.</summary>
    [Theory]
    [InlineData("nearest", "asymmetric", 2f)]
    [InlineData("linear", "half_pixel", 0.6f)]
    [InlineData("cubic", "align_corners", 2f)]
    [InlineData("linear", "tf_crop_and_resize", 2f)]
    public void ResampleMatchesTheCpuKernel(string mode, string transform, float scale)
    {
        var model = new OnnxBuilder(13).Input("X", 1, 2, 5, 4)
            .Floats("roi", [8], 0, 0, 0.2f, 0.1f, 1, 1, 0.9f, 1.2f).Floats("scales", [4], 1, 1, scale, scale)
            .Node("Resize", ["X", "roi", "scales"], ["Y"], ("mode", mode), ("coordinate_transformation_mode", transform), ("extrapolation_value", 0.25f))
            .Output("Y");
        var steps = Planner.Build(model.Load().Graph, [1, 2, 5, 4]).Steps.Where(s => s.Op is ResampleKernelOp).ToList();
        Assert.Equal(2, steps.Count);
        foreach (var step in steps)
        {
            var op = (ResampleKernelOp)step.Op;
            var (outer, inLen, outLen, inner) = op.Dims;
            using var x = new HostTensor(Reference.Random(outer * inLen * inner, 26));
            using var expected = new HostTensor(outer * outLen * inner);
            using var y = new HostTensor(outer * outLen * inner);
            new ResampleKernel(outer, inLen, outLen, inner, op.Taps, op.Index, op.Weight, op.Offset, x.Ptr, expected.Ptr, 1).Execute();
            fixed (int* index = op.Index)
            fixed (float* weight = op.Weight, offset = op.Offset)
            {
                int* pi = index;
                float* pw = weight, po = offset;
                foreach (var grid in KernelGrid.All)
                {
                    y.Poison();
                    grid.Run(() => Resample(x.Ptr, y.Ptr, pi, pw, po, outer, inLen, outLen, inner, op.Taps), y);
                    Reference.Close(expected.Span, y.Span, $"{mode} {transform} {outer}x{inLen}x{inner} -> {outLen}, {grid}");
                }
            }
        }
    }
}
