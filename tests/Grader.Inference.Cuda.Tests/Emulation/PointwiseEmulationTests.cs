using Grader.Inference.Cpu;
using Grader.Inference.Cuda.Binding;
using Grader.Inference.Cuda.Ops;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Tests.Emulation;

/// <summary>grader_unary, grader_binary(_same) and grader_channel_affine against the engine's CPU
/// kernels or a plain loop.</summary>
public unsafe class PointwiseEmulationTests
{
    private static delegate* unmanaged<float*, float*, long, int, ActArg, float, float, void> Unary =>
        (delegate* unmanaged<float*, float*, long, int, ActArg, float, float, void>)EmulatedKernels.Library.Export("grader_unary");

    private static delegate* unmanaged<float*, float*, float*, float*, long, Dims8Arg, Dims8Arg, void> Where =>
        (delegate* unmanaged<float*, float*, float*, float*, long, Dims8Arg, Dims8Arg, void>)EmulatedKernels.Library.Export("grader_where");

    private static delegate* unmanaged<float*, float*, float*, long, Dims8Arg, int, ActArg, void> Binary =>
        (delegate* unmanaged<float*, float*, float*, long, Dims8Arg, int, ActArg, void>)EmulatedKernels.Library.Export("grader_binary");

    private static delegate* unmanaged<float*, float*, float*, long, int, ActArg, void> BinarySame =>
        (delegate* unmanaged<float*, float*, float*, long, int, ActArg, void>)EmulatedKernels.Library.Export("grader_binary_same");

    private static delegate* unmanaged<float*, float*, float*, float*, int, long, long, void> ChannelAffine =>
        (delegate* unmanaged<float*, float*, float*, float*, int, long, long, void>)EmulatedKernels.Library.Export("grader_channel_affine");

    [Fact]
    public void UnaryMatchesTheCpuKernel()
    {
        const int length = 101;
        var data = Reference.Random(length, 8);
        data[0] = 30f; data[1] = -30f; // saturated sigmoid, tanh, softplus, erf
        // Log, Sqrt and Reciprocal on positive values (NaN on both sides would prove nothing).
        var positive = data.Select(v => MathF.Abs(v) + 0.125f).ToArray();
        var cases = ConvolutionEmulationTests.Activations.Select(a => (UnaryKind.Activation, a))
            .Concat(Enum.GetValues<UnaryKind>().Where(k => k != UnaryKind.Activation).Select(k => (k, Activation.None)));
        foreach (var (kind, act) in cases)
        {
            using var x = new HostTensor(kind is UnaryKind.Log or UnaryKind.Sqrt or UnaryKind.Reciprocal ? positive : data);
            using var expected = new HostTensor(length);
            using var y = new HostTensor(length);
            var (alpha, beta) = kind switch { UnaryKind.Selu => (1.6733f, 1.0507f), UnaryKind.HardSigmoid => (0.2f, 0.5f), _ => (0.7f, 0f) };
            new UnaryKernel(kind, act, x.Ptr, expected.Ptr, length, 1, alpha, beta).Execute();
            foreach (var grid in KernelGrid.All)
            {
                y.Poison();
                grid.Run(() => Unary(x.Ptr, y.Ptr, length, (int)kind, ActArg.From(act), alpha, beta), y);
                Reference.Close(expected.Span, y.Span, $"{kind} {act}, {grid}");
            }
        }
    }

    public static TheoryData<int[], int[], int[]> WhereShapes => new()
    {
        { [2, 3, 4], [2, 3, 4], [2, 3, 4] },
        { [1, 1, 4], [2, 3, 4], [] },
        { [3, 1], [1, 5], [3, 5] },
    };

    [Theory]
    [MemberData(nameof(WhereShapes))]
    public void WhereMatchesTheCpuKernel(int[] cShape, int[] xShape, int[] yShape)
    {
        var outShape = ShapeMath.Broadcast(ShapeMath.Broadcast(cShape, xShape, "where"), yShape, "where");
        int total = ShapeMath.CountInt(outShape);
        using var c = new HostTensor(Reference.Random(ShapeMath.CountInt(cShape), 30).Select(v => v > 0 ? 1f : 0f).ToArray());
        using var x = new HostTensor(Reference.Random(ShapeMath.CountInt(xShape), 31));
        using var yv = new HostTensor(Reference.Random(ShapeMath.CountInt(yShape), 32));
        using var expected = new HostTensor(total);
        using var y = new HostTensor(total);
        var op = new WhereKernelOp(cShape, xShape, yShape, outShape);
        new WhereKernel(cShape, xShape, yShape, outShape, c.Ptr, x.Ptr, yv.Ptr, expected.Ptr).Execute();
        var (d, e) = PointwiseKernels.WhereDims(op, "where");
        foreach (var grid in KernelGrid.All)
        {
            y.Poison();
            grid.Run(() => Where(c.Ptr, x.Ptr, yv.Ptr, y.Ptr, total, d, e), y);
            Reference.Close(expected.Span, y.Span, $"where [{string.Join(",", cShape)}] [{string.Join(",", xShape)}] [{string.Join(",", yShape)}], {grid}", 0);
        }
    }

    public static TheoryData<int[], int[]> BroadcastShapes => new()
    {
        { [2, 3, 4, 5], [3, 1, 5] },
        { [1], [2, 3] },
        { [4, 1, 3], [1, 5, 1] },
        { [2, 1, 1, 5], [2, 3, 4, 1] },
        { [7], [1] },
        { [3, 1], [1, 4] },
        { [1, 6, 1, 1], [2, 6, 3, 3] }, // per-channel operand first
        { [2, 3, 4], [2, 3, 4] }, // same shapes: grader_binary_same
    };

    [Theory]
    [MemberData(nameof(BroadcastShapes))]
    public void BinaryMatchesTheCpuKernel(int[] aShape, int[] bShape)
    {
        int rank = Math.Max(aShape.Length, bShape.Length);
        var outShape = Enumerable.Range(0, rank).Select(d =>
            Math.Max(Dim(aShape, d, rank), Dim(bShape, d, rank))).ToArray();
        int total = ShapeMath.CountInt(outShape);
        var aData = Reference.Random(ShapeMath.CountInt(aShape), 9);
        using var a = new HostTensor(aData);
        using var aPositive = new HostTensor(aData.Select(MathF.Abs).ToArray()); // Pow's base: no NaN
        // Divisors kept away from zero: 0/0 would be NaN on both sides and prove nothing.
        using var b = new HostTensor(Reference.Random(ShapeMath.CountInt(bShape), 10).Select(v => v >= 0 ? v + 0.25f : v - 0.25f).ToArray());
        using var expected = new HostTensor(total);
        using var y = new HostTensor(total);
        foreach (var kind in Enum.GetValues<BinaryKind>())
            foreach (var act in new[] { Activation.None, Activation.Relu })
            {
                var op = new BinaryKernelOp(kind, aShape, bShape, outShape);
                var src = kind == BinaryKind.Pow ? aPositive : a;
                new BinaryKernel(kind, aShape, bShape, outShape, src.Ptr, b.Ptr, expected.Ptr, act, 1).Execute();
                bool same = aShape.SequenceEqual(outShape) && bShape.SequenceEqual(outShape); // PointwiseKernels.Bind's choice
                var dims = same ? default : PointwiseKernels.BinaryDims(op, "binary");
                foreach (var grid in KernelGrid.All)
                {
                    y.Poison();
                    if (same) grid.Run(() => BinarySame(src.Ptr, b.Ptr, y.Ptr, total, (int)kind, ActArg.From(act)), y);
                    else grid.Run(() => Binary(src.Ptr, b.Ptr, y.Ptr, total, dims, (int)kind, ActArg.From(act)), y);
                    Reference.Close(expected.Span, y.Span, $"{kind} {act} [{string.Join(",", aShape)}] by [{string.Join(",", bShape)}], {grid}");
                }
            }
    }

    private static int Dim(int[] shape, int d, int rank) => d < rank - shape.Length ? 1 : shape[d - (rank - shape.Length)];

    [Theory]
    [InlineData(2, 3, 5)]
    [InlineData(1, 4, 1)]
    public void ChannelAffineMatchesAPlainLoop(int n, int c, int plane)
    {
        int total = n * c * plane;
        var xData = Reference.Random(total, 11);
        var scaleData = Reference.Random(c, 12);
        var shiftData = Reference.Random(c, 13);
        var expected = xData.Select((v, i) => v * scaleData[i / plane % c] + shiftData[i / plane % c]).ToArray();
        using var x = new HostTensor(xData);
        using var scale = new HostTensor(scaleData);
        using var shift = new HostTensor(shiftData);
        using var y = new HostTensor(total);
        foreach (var grid in KernelGrid.All)
        {
            y.Poison();
            grid.Run(() => ChannelAffine(x.Ptr, y.Ptr, scale.Ptr, shift.Ptr, c, plane, total), y);
            Reference.Close(expected, y.Span, $"{n}x{c}x{plane}, {grid}");
        }
    }
}
