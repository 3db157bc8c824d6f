using Grader.Inference.Cpu;
using Grader.Inference.Cuda.Binding;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Tests.Emulation;

/// <summary>grader_pool against the engine's PoolKernel, and grader_global_average (warp shuffles
/// emulated with 32 lanes on threads) against a plain mean.</summary>
public unsafe class PoolingEmulationTests
{
    private static delegate* unmanaged<float*, float*, GeoArg, int, int, void> Pool =>
        (delegate* unmanaged<float*, float*, GeoArg, int, int, void>)EmulatedKernels.Library.Export("grader_pool");

    private static delegate* unmanaged<float*, float*, long, long, uint, uint, int> GlobalAverage =>
        (delegate* unmanaged<float*, float*, long, long, uint, uint, int>)EmulatedKernels.Library.Export("emu_global_average");

    // input shape, kernel, strides, dilations, pads (top, left, bottom, right; or left, right in 1D), auto_pad, ceil_mode
    public static TheoryData<int[], int[], int[], int[], int[], string, bool> Windows => new()
    {
        { [2, 3, 7, 6], [3, 3], [1, 1], [1, 1], [1, 1, 1, 1], "NOTSET", false },
        { [1, 2, 8, 9], [3, 3], [2, 2], [1, 1], [1, 1, 1, 1], "NOTSET", true },
        { [2, 2, 6, 7], [2, 2], [2, 2], [1, 1], [0, 1, 1, 0], "NOTSET", false },
        { [1, 3, 11, 10], [3, 2], [3, 3], [2, 2], [1, 2, 2, 1], "NOTSET", true },
        { [1, 2, 9, 8], [4, 4], [3, 2], [1, 1], [0, 0, 0, 0], "SAME_UPPER", false },
        { [1, 2, 5, 5], [2, 3], [2, 1], [1, 2], [0, 0, 0, 0], "SAME_LOWER", false },
        { [2, 3, 4, 4], [5, 5], [1, 1], [1, 1], [2, 2, 2, 2], "NOTSET", false },
        { [2, 3, 13], [3], [2], [1], [1, 2], "NOTSET", true },
        { [1, 1, 5, 5], [3, 3], [3, 3], [1, 1], [2, 2, 2, 2], "NOTSET", true },
        // ceil mode windows past the padded input: those taps count for no divisor
        { [1, 2, 6, 6], [3, 3], [2, 2], [1, 1], [0, 0, 0, 0], "NOTSET", true },
        { [1, 2, 7, 7], [2, 2], [3, 3], [2, 2], [1, 1, 0, 0], "NOTSET", true },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void PoolMatchesTheCpuKernel(int[] shape, int[] kernel, int[] strides, int[] dilations, int[] pads, string autoPad, bool ceil)
    {
        var g = new WindowAttributes(kernel, strides, dilations, pads, autoPad, ceil).Resolve(shape, kernel.Length == 2 ? kernel[0] : 1, kernel[^1], "pool");
        // As PoolingKernels.Bind passes it: output channels = input channels, one group.
        var geo = GeoArg.From(g, g.C, 1);
        int outLength = g.N * g.C * g.OutPlane;
        using var x = new HostTensor(Reference.Random(g.N * g.C * g.InPlane, shape.Sum()));
        using var expected = new HostTensor(outLength);
        using var y = new HostTensor(outLength);
        foreach (var (max, includePad) in new[] { (true, false), (false, false), (false, true) })
        {
            new PoolKernel(g, max, includePad, x.Ptr, expected.Ptr, 1).Execute();
            foreach (var grid in KernelGrid.All)
            {
                y.Poison();
                grid.Run(() => Pool(x.Ptr, y.Ptr, geo, max ? 1 : 0, includePad ? 1 : 0), y);
                Reference.Close(expected.Span, y.Span, $"{(max ? "max" : includePad ? "average with pads" : "average")} {g}, {grid}");
            }
        }
    }

    [Theory]
    [InlineData(37, 50, 1u, 64u)] // 2 warps for 37 planes: each warp strides over planes
    [InlineData(5, 7, 2u, 32u)] // planes shorter than a warp: idle lanes add nothing
    [InlineData(3, 100, 2u, 128u)] // more warps than planes
    public void GlobalAverageMatchesAPlainMean(int planes, int size, uint grid, uint block)
    {
        var data = Reference.Random(planes * size, planes + size);
        var expected = new float[planes];
        for (int p = 0; p < planes; p++)
        {
            double sum = 0;
            for (int j = 0; j < size; j++) sum += data[p * size + j];
            expected[p] = (float)(sum / size);
        }
        using var x = new HostTensor(data);
        using var y = new HostTensor(planes);
        Assert.Equal(1, GlobalAverage(x.Ptr, y.Ptr, planes, size, grid, block));
        Reference.Close(expected, y.Span, $"{planes} planes of {size}, grid {grid} x block {block}", 1e-5f);
    }
}
