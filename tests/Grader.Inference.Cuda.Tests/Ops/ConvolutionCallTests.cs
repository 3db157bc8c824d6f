using Grader.Inference.Cuda.Binding;
using Grader.Inference.Cuda.Ops;
using Grader.Inference.Cuda.Tests.Emulation;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Tests.Ops;

/// <summary>The cuBLAS calls of ConvolutionKernels.BindIm2col: a pointwise convolution as one
/// strided batch on the input, the others as the emulated grader_im2col into a shared column
/// workspace then one strided batch per chunk of images; against a naive convolution.</summary>
public unsafe class ConvolutionCallTests
{
    private static delegate* unmanaged<float*, float*, GeoArg, int, void> Im2col =>
        (delegate* unmanaged<float*, float*, GeoArg, int, void>)EmulatedKernels.Library.Export("grader_im2col");

    private static (ConvKernelOp Op, float[] X, float[] Expected) Conv(int[] shape, int m, int[] kernel, int[] strides, int[] dilations, int[] pads)
    {
        int c = shape[1];
        var w = Reference.Random(m * c * kernel.Aggregate(1, (p, v) => p * v), 2);
        var x = Reference.Random(shape.Aggregate(1, (p, v) => p * v), 1);
        var (op, _) = EnginePlans.Single<ConvKernelOp>(EnginePlans.WithConstant("Conv", shape, [m, c, .. kernel], w,
            ("strides", strides.Select(v => (long)v).ToArray()), ("dilations", dilations.Select(v => (long)v).ToArray()),
            ("pads", pads.Select(v => (long)v).ToArray())), shape);
        Assert.Equal(1, op.Group);
        return (op, x, ConvolutionEmulationTests.NaiveConv(op.Geometry, m, 1, x, w));
    }

    // input shape, output channels
    [Theory]
    [InlineData(new[] { 3, 4, 3, 3 }, 5)]
    [InlineData(new[] { 2, 3, 2, 5 }, 4)]
    [InlineData(new[] { 1, 6, 4, 1 }, 2)]
    [InlineData(new[] { 3, 3, 7 }, 4)] // 1D
    public void PointwiseCallIsOneBatchOnTheInput(int[] shape, int m)
    {
        int spatial = shape.Length - 2;
        var (op, xData, expected) = Conv(shape, m, [.. Enumerable.Repeat(1, spatial)], [.. Enumerable.Repeat(1, spatial)],
            [.. Enumerable.Repeat(1, spatial)], [.. Enumerable.Repeat(0, 2 * spatial)]);
        var g = op.Geometry;
        Assert.True(ConvolutionCalls.IsPointwise(g));
        using var memory = new HostMemory();
        ulong x = memory.Add("X", xData), w = memory.Add("W", op.Weights), y = memory.Add("Y", expected.Length);
        var call = ConvolutionCalls.Pointwise(g, op.OutChannels, x, w, y);
        Assert.Equal(g.N, call.Count);
        ColumnMajorSgemm.Execute(call, memory);
        Reference.Close(expected, memory.Tensor(y).Span, $"{g} M={m}", 1e-4f);
        memory.AssertWrittenOnce(y);
    }

    // input shape, output channels, kernel, strides, dilations, pads (begin..., end...), images per chunk, chunk sizes
    public static TheoryData<int[], int, int[], int[], int[], int[], int, int[]> Convolutions => new()
    {
        { [5, 3, 7, 6], 4, [3, 3], [2, 2], [1, 1], [1, 1, 1, 1], 2, [2, 2, 1] },
        { [5, 2, 8, 7], 3, [3, 2], [2, 1], [2, 2], [2, 1, 0, 3], 2, [2, 2, 1] },
        { [4, 3, 6, 6], 5, [1, 1], [2, 2], [1, 1], [0, 0, 0, 0], 3, [3, 1] },  // 1x1, strided: not pointwise
        { [3, 2, 5, 5], 2, [1, 1], [1, 1], [1, 1], [1, 0, 1, 0], 1, [1, 1, 1] }, // 1x1, padded: not pointwise
        { [2, 4, 5, 6], 6, [3, 3], [1, 1], [1, 1], [1, 1, 1, 1], 8, [2] },     // all images in one chunk
        { [1, 3, 6, 9], 2, [2, 3], [3, 2], [1, 2], [0, 2, 1, 0], 1, [1] },
        { [5, 3, 9], 4, [3], [2], [2], [1, 2], 2, [2, 2, 1] },                 // 1D
    };

    [Theory]
    [MemberData(nameof(Convolutions))]
    public void Im2colChunkCallsMatchANaiveConvolution(int[] shape, int m, int[] kernel, int[] strides, int[] dilations, int[] pads,
        int perChunk, int[] chunkSizes)
    {
        var (op, xData, expected) = Conv(shape, m, kernel, strides, dilations, pads);
        var g = op.Geometry;
        Assert.False(ConvolutionCalls.IsPointwise(g));
        long imageColumns = (long)g.C * g.KH * g.KW * g.OutPlane;
        var chunks = ConvolutionCalls.Chunks(g, perChunk * imageColumns * sizeof(float));
        Assert.Equal(chunkSizes, chunks.Select(c => c.Count));

        using var memory = new HostMemory();
        ulong x = memory.Add("X", xData), w = memory.Add("W", op.Weights), y = memory.Add("Y", expected.Length);
        // One workspace of the size the binding requests, reused by every chunk as on the GPU.
        ulong columns = memory.Add("columns", (int)(ConvolutionCalls.ColumnBytes(g, chunks) / sizeof(float)));
        var workspace = memory.Tensor(columns);
        var geo = GeoArg.From(g, op.OutChannels, 1); // as Im2colStep passes it, N the whole batch
        foreach (var chunk in chunks)
        {
            // NaN left over where this chunk's im2col writes nothing: a GEMM reading past the chunk fails.
            workspace.Poison();
            ulong input = ConvolutionCalls.ChunkInput(g, x, chunk.First);
            memory.Element(input, (long)chunk.Count * g.C * g.InPlane - 1, "the chunk's last input"); // im2col reads unchecked
            new KernelGrid(2, 7).Run(() => Im2col((float*)input, workspace.Ptr, geo, chunk.Count), workspace);
            ColumnMajorSgemm.Execute(ConvolutionCalls.Im2colChunk(g, op.OutChannels, columns, w, y, chunk), memory);
        }
        Reference.Close(expected, memory.Tensor(y).Span, $"{g} M={m}, {perChunk} per chunk", 1e-4f);
        memory.AssertWrittenOnce(y);
    }
}
