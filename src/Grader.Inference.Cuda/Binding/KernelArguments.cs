using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Binding;

/// <summary>The kernels' <c>Act</c>: an activation fused into a kernel's output.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct ActArg(int Kind, float A, float B)
{
    public static ActArg From(Activation a) => new((int)a.Kind, a.A, a.B);
}

/// <summary>The kernels' <c>Geo</c>: a window geometry with the output channels and groups.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct GeoArg(
    int N, int C, int H, int W, int M, int G,
    int KH, int KW, int SH, int SW, int DH, int DW,
    int PT, int PL, int PB, int PR, int OH, int OW)
{
    public static GeoArg From(WindowGeometry g, int outChannels, int groups) =>
        new(g.N, g.C, g.H, g.W, outChannels, groups, g.KH, g.KW, g.SH, g.SW, g.DH, g.DW,
            g.PadTop, g.PadLeft, g.PadBottom, g.PadRight, g.OH, g.OW);

    /// <summary>The same geometry for <paramref name="images"/> images (im2col chunks).</summary>
    public GeoArg WithImages(int images) => this with { N = images };
}

/// <summary>The kernels' <c>Dims8</c>: output dims and two per-dim stride (or size) lists.</summary>
[InlineArray(MaxRank)]
internal struct Longs8
{
    public const int MaxRank = 8;
    private long element;
}

[StructLayout(LayoutKind.Sequential)]
internal struct Dims8Arg
{
    public int Rank;
    public Longs8 Out;
    public Longs8 A;
    public Longs8 B;

    public static Dims8Arg Create(string node, int[] outDims, long[] a, long[] b)
    {
        if (outDims.Length > Longs8.MaxRank)
            throw new ModelLoadException($"node {node}: tensors of rank {outDims.Length} are not supported on the GPU (at most {Longs8.MaxRank})");
        var d = new Dims8Arg { Rank = outDims.Length };
        for (int i = 0; i < outDims.Length; i++)
        {
            d.Out[i] = outDims[i];
            d.A[i] = a[i];
            d.B[i] = b[i];
        }
        return d;
    }
}
