using Grader.Inference.Cuda.Runtime;
using Grader.Inference.Operators;
using static Grader.Inference.Cuda.Native.Cublas;

namespace Grader.Inference.Cuda.Ops;

/// <summary>
/// The cuBLAS calls behind the GEMM convolutions. Per image, Y [M, P] = W [M, K]·X [K, P] row-major,
/// so column-major Yᵀ = Xᵀ·Wᵀ: the columns (or, for a pointwise convolution, the input itself) go
/// first, the weights second with batch stride 0. Pure: addresses in, calls out.
/// </summary>
internal static class ConvolutionCalls
{
    /// <summary>1x1, stride 1, no padding: each image's [C, H·W] input already is its column matrix.</summary>
    public static bool IsPointwise(WindowGeometry g) =>
        g.KH == 1 && g.KW == 1 && g.SH == 1 && g.SW == 1 && g.PadTop + g.PadLeft + g.PadBottom + g.PadRight == 0;

    /// <summary>All images of a pointwise convolution in one strided batch, straight on the input.</summary>
    public static SgemmCall Pointwise(WindowGeometry g, int outChannels, ulong x, ulong w, ulong y) =>
        Columns(g, outChannels, x, w, y, g.N);

    /// <summary>Images per im2col chunk: as many as fit <paramref name="columnBytes"/>, at least one;
    /// the last chunk takes the rest.</summary>
    public static (int First, int Count)[] Chunks(WindowGeometry g, long columnBytes)
    {
        int perChunk = (int)Math.Clamp(columnBytes / (ImageColumns(g) * sizeof(float)), 1, g.N);
        return Enumerable.Range(0, (g.N + perChunk - 1) / perChunk)
            .Select(i => (First: i * perChunk, Count: Math.Min(perChunk, g.N - i * perChunk))).ToArray();
    }

    /// <summary>The workspace the columns need: the largest chunk's (the first).</summary>
    public static long ColumnBytes(WindowGeometry g, (int First, int Count)[] chunks) =>
        chunks[0].Count * ImageColumns(g) * sizeof(float);

    /// <summary>Values im2col writes per image: K = C·KH·KW rows of P = OH·OW.</summary>
    public static long ImageColumns(WindowGeometry g) => (long)g.C * g.KH * g.KW * g.OutPlane;

    /// <summary>Where a chunk's first input image starts (im2col reads from there).</summary>
    public static ulong ChunkInput(WindowGeometry g, ulong x, int first) => DevicePointer.Offset(x, (long)first * g.C * g.InPlane);

    /// <summary>The GEMM of one chunk, after grader_im2col has written its images' columns
    /// ([K, P] per image, back to back) at <paramref name="columns"/>.</summary>
    public static SgemmCall Im2colChunk(WindowGeometry g, int outChannels, ulong columns, ulong w, ulong y, (int First, int Count) chunk) =>
        Columns(g, outChannels, columns, w, DevicePointer.Offset(y, (long)chunk.First * outChannels * g.OutPlane), chunk.Count);

    private static SgemmCall Columns(WindowGeometry g, int m, ulong columns, ulong w, ulong y, int images)
    {
        int k = g.C * g.KH * g.KW, p = g.OutPlane;
        return new(OpN, OpN, p, m, k, 1f,
            columns, p, (long)k * p,
            w, k, 0,
            y, p, (long)m * p, images);
    }
}
