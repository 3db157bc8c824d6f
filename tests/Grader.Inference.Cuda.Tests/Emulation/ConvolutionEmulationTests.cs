using Grader.Inference.Cuda.Binding;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Tests.Emulation;

/// <summary>grader_conv_direct, and grader_im2col followed by a plain GEMM, against a naive
/// convolution; grader_epilogue against a plain loop.</summary>
public unsafe class ConvolutionEmulationTests
{
    private static delegate* unmanaged<float*, float*, float*, float*, float*, GeoArg, ActArg, void> ConvDirect =>
        (delegate* unmanaged<float*, float*, float*, float*, float*, GeoArg, ActArg, void>)EmulatedKernels.Library.Export("grader_conv_direct");

    private static delegate* unmanaged<float*, float*, GeoArg, int, void> Im2col =>
        (delegate* unmanaged<float*, float*, GeoArg, int, void>)EmulatedKernels.Library.Export("grader_im2col");

    private static delegate* unmanaged<float*, float*, int, long, float*, long, ActArg, void> Epilogue =>
        (delegate* unmanaged<float*, float*, int, long, float*, long, ActArg, void>)EmulatedKernels.Library.Export("grader_epilogue");

    internal static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Clip(-0.5f, 0.7f), Activation.Leaky(0.1f)];

    // input shape, output channels, groups, kernel, strides, dilations, pads (top, left, bottom, right)
    public static TheoryData<int[], int, int, int[], int[], int[], int[]> Convolutions => new()
    {
        { [2, 4, 6, 5], 6, 1, [3, 3], [1, 1], [1, 1], [1, 1, 1, 1] },
        { [1, 4, 7, 8], 6, 2, [3, 3], [2, 2], [2, 2], [0, 1, 1, 0] },
        { [2, 5, 7, 7], 5, 5, [3, 3], [2, 2], [1, 1], [1, 1, 1, 1] }, // depthwise
        { [1, 6, 9, 10], 3, 3, [2, 3], [3, 2], [2, 1], [2, 0, 1, 2] },
        { [3, 3, 5, 4], 2, 1, [1, 1], [1, 1], [1, 1], [0, 0, 0, 0] },
        { [1, 2, 4, 6], 4, 1, [3, 2], [1, 3], [1, 2], [2, 1, 0, 3] },
    };

    /// <summary>The ungrouped cases: im2col serves only those.</summary>
    public static TheoryData<int[], int, int, int[], int[], int[], int[]> UngroupedConvolutions => new()
    {
        { [2, 4, 6, 5], 6, 1, [3, 3], [1, 1], [1, 1], [1, 1, 1, 1] },
        { [3, 3, 5, 4], 2, 1, [1, 1], [1, 1], [1, 1], [0, 0, 0, 0] },
        { [1, 2, 4, 6], 4, 1, [3, 2], [1, 3], [1, 2], [2, 1, 0, 3] },
        { [3, 3, 8, 7], 5, 1, [3, 3], [2, 2], [2, 2], [0, 1, 2, 1] },
    };

    private static WindowGeometry Geometry(int[] shape, int[] kernel, int[] strides, int[] dilations, int[] pads) =>
        new WindowAttributes(kernel, strides, dilations, pads, "NOTSET", false).Resolve(shape, kernel[0], kernel[1], "conv");

    /// <summary>Convolution without bias or activation, accumulated in double.</summary>
    internal static float[] NaiveConv(WindowGeometry g, int m, int groups, float[] x, float[] w)
    {
        int cpg = g.C / groups, mpg = m / groups;
        var y = new float[g.N * m * g.OutPlane];
        for (int n = 0; n < g.N; n++)
            for (int o = 0; o < m; o++)
                for (int oh = 0; oh < g.OH; oh++)
                    for (int ow = 0; ow < g.OW; ow++)
                    {
                        double acc = 0;
                        for (int ci = 0; ci < cpg; ci++)
                            for (int kh = 0; kh < g.KH; kh++)
                                for (int kw = 0; kw < g.KW; kw++)
                                {
                                    int ih = oh * g.SH - g.PadTop + kh * g.DH, iw = ow * g.SW - g.PadLeft + kw * g.DW;
                                    if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                                    int c = o / mpg * cpg + ci;
                                    acc += (double)x[((n * g.C + c) * g.H + ih) * g.W + iw] * w[((o * cpg + ci) * g.KH + kh) * g.KW + kw];
                                }
                        y[((n * m + o) * g.OH + oh) * g.OW + ow] = (float)acc;
                    }
        return y;
    }

    /// <summary>act(y + bias[(i / inner) % bias.Length] + residual[i]).</summary>
    internal static float[] NaiveEpilogue(float[] y, float[]? bias, int inner, float[]? residual, Activation act) =>
        y.Select((v, i) => act.Apply(v + (bias is null ? 0 : bias[i / inner % bias.Length]) + (residual?[i] ?? 0))).ToArray();

    [Theory]
    [MemberData(nameof(Convolutions))]
    public void DirectConvolutionMatchesANaiveOne(int[] shape, int m, int groups, int[] kernel, int[] strides, int[] dilations, int[] pads)
    {
        var g = Geometry(shape, kernel, strides, dilations, pads);
        var geo = GeoArg.From(g, m, groups); // as ConvolutionKernels.BindDirect passes it
        var w = Reference.Random(m * g.C / groups * g.KH * g.KW, 2);
        var xData = Reference.Random(g.N * g.C * g.InPlane, 1);
        var plain = NaiveConv(g, m, groups, xData, w);
        var biasData = Reference.Random(m, 3);
        var residualData = Reference.Random(plain.Length, 4);
        using var x = new HostTensor(xData);
        using var weights = new HostTensor(w);
        using var bias = new HostTensor(biasData);
        using var residual = new HostTensor(residualData);
        using var y = new HostTensor(plain.Length);
        foreach (var act in Activations)
            foreach (var (withBias, withResidual) in new[] { (false, false), (true, false), (true, true), (false, true) })
            {
                var expected = NaiveEpilogue(plain, withBias ? biasData : null, g.OutPlane, withResidual ? residualData : null, act);
                foreach (var grid in KernelGrid.All)
                {
                    y.Poison();
                    grid.Run(() => ConvDirect(x.Ptr, weights.Ptr, withBias ? bias.Ptr : null, withResidual ? residual.Ptr : null, y.Ptr, geo, ActArg.From(act)), y);
                    Reference.Close(expected, y.Span, $"{g} M={m} G={groups} {act} bias={withBias} residual={withResidual}, {grid}", 1e-4f);
                }
            }
    }

    [Theory]
    [MemberData(nameof(UngroupedConvolutions))]
    public void Im2colThenGemmMatchesANaiveConvolution(int[] shape, int m, int groups, int[] kernel, int[] strides, int[] dilations, int[] pads)
    {
        Assert.Equal(1, groups);
        var g = Geometry(shape, kernel, strides, dilations, pads);
        var geo = GeoArg.From(g, m, 1); // as BindIm2col passes it, N the whole batch
        int k = g.C * g.KH * g.KW, p = g.OutPlane, imageSize = g.C * g.InPlane;
        var w = Reference.Random(m * k, 2);
        var xData = Reference.Random(g.N * imageSize, 1);
        var expected = NaiveConv(g, m, 1, xData, w);
        using var x = new HostTensor(xData);
        // Chunks of images as Im2colStep takes them: the first alone, then the rest together.
        var chunks = g.N == 1 ? new[] { (First: 0, Count: 1) } : [(0, 1), (1, g.N - 1)];
        foreach (var grid in KernelGrid.All)
        {
            var y = new float[g.N * m * p];
            foreach (var (first, count) in chunks)
            {
                using var col = new HostTensor(count * k * p);
                grid.Run(() => Im2col(x.Ptr + (long)first * imageSize, col.Ptr, geo, count), col);
                var c = col.ToArray();
                Assert.DoesNotContain(float.NaN, c);
                for (int n = 0; n < count; n++)
                    for (int o = 0; o < m; o++)
                        for (int j = 0; j < p; j++)
                        {
                            double acc = 0;
                            for (int r = 0; r < k; r++) acc += (double)w[o * k + r] * c[(n * k + r) * p + j];
                            y[((first + n) * m + o) * p + j] = (float)acc;
                        }
            }
            Reference.Close(expected, y, $"{g} M={m}, {grid}", 1e-4f);
        }
    }

    // values, bias length, bias inner (as the callers pass it: conv plane, GEMM row bias n, column bias 1)
    [Theory]
    [InlineData(2 * 3 * 10, 3, 10)]
    [InlineData(4 * 5, 4, 5)]
    [InlineData(4 * 5, 5, 1)]
    [InlineData(17, 1, 1)]
    public void EpilogueMatchesAPlainLoop(int total, int biasLength, int biasInner)
    {
        var yData = Reference.Random(total, 5);
        var biasData = Reference.Random(biasLength, 6);
        var residualData = Reference.Random(total, 7);
        using var bias = new HostTensor(biasData);
        using var residual = new HostTensor(residualData);
        using var y = new HostTensor(total);
        foreach (var act in Activations)
            foreach (var (withBias, withResidual) in new[] { (true, false), (true, true), (false, true), (false, false) })
            {
                var expected = NaiveEpilogue(yData, withBias ? biasData : null, biasInner, withResidual ? residualData : null, act);
                foreach (var grid in KernelGrid.All)
                {
                    yData.CopyTo(y.Span);
                    // As PointwiseKernels.Epilogue passes them: bias length 1 without a bias, inner at least 1.
                    grid.Run(() => Epilogue(y.Ptr, withBias ? bias.Ptr : null, withBias ? biasLength : 1, Math.Max(biasInner, 1L),
                        withResidual ? residual.Ptr : null, total, ActArg.From(act)));
                    Reference.Close(expected, y.Span, $"{total} values, bias {biasLength} x {biasInner}, {act} bias={withBias} residual={withResidual}, {grid}");
                }
            }
    }
}
