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
    private static delegate* unmanaged<float*, float*, long, int, ActArg, void> Unary =>
        (delegate* unmanaged<float*, float*, long, int, ActArg, void>)EmulatedKernels.Library.Export("grader_unary");

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
        data[0] = 30f; data[1] = -30f; // saturated sigmoid and tanh
        using var x = new HostTensor(data);
        using var expected = new HostTensor(length);
        using var y = new HostTensor(length);
        var cases = ConvolutionEmulationTests.Activations.Select(a => (UnaryKind.Activation, a))
            .Append((UnaryKind.Sigmoid, Activation.None)).Append((UnaryKind.Tanh, Activation.None));
        foreach (var (kind, act) in cases)
        {
            new UnaryKernel(kind, act, x.Ptr, expected.Ptr, length, 1).Execute();
            foreach (var grid in KernelGrid.All)
            {
                y.Poison();
                grid.Run(() => Unary(x.Ptr, y.Ptr, length, (int)kind, ActArg.From(act)), y);
                Reference.Close(expected.Span, y.Span, $"{kind} {act}, {grid}");
            }
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
        using var a = new HostTensor(Reference.Random(ShapeMath.CountInt(aShape), 9));
        // Divisors kept away from zero: 0/0 would be NaN on both sides and prove nothing.
        using var b = new HostTensor(Reference.Random(ShapeMath.CountInt(bShape), 10).Select(v => v >= 0 ? v + 0.25f : v - 0.25f).ToArray());
        using var expected = new HostTensor(total);
        using var y = new HostTensor(total);
        foreach (var kind in Enum.GetValues<BinaryKind>())
            foreach (var act in new[] { Activation.None, Activation.Relu })
            {
                var op = new BinaryKernelOp(kind, aShape, bShape, outShape);
                new BinaryKernel(kind, aShape, bShape, outShape, a.Ptr, b.Ptr, expected.Ptr, act, 1).Execute();
                bool same = aShape.SequenceEqual(outShape) && bShape.SequenceEqual(outShape); // PointwiseKernels.Bind's choice
                var dims = same ? default : PointwiseKernels.BinaryDims(op, "binary");
                foreach (var grid in KernelGrid.All)
                {
                    y.Poison();
                    if (same) grid.Run(() => BinarySame(a.Ptr, b.Ptr, y.Ptr, total, (int)kind, ActArg.From(act)), y);
                    else grid.Run(() => Binary(a.Ptr, b.Ptr, y.Ptr, total, dims, (int)kind, ActArg.From(act)), y);
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
