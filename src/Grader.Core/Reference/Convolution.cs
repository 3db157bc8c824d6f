using Grader.Core.Numerics;

namespace Grader.Core.Reference;

/// <summary>
/// Convolutions as deep-learning libraries compute them. What PyTorch calls a convolution is a
/// cross-correlation, <c>y[i,j] = Σ k[m,n]·x[i·s+m·d, j·s+n·d]</c> (kernel not flipped):
/// <see cref="CrossCorrelate2D"/>. <see cref="Convolve2D"/> is the true convolution of signal
/// processing, i.e. the cross-correlation with the kernel flipped along both spatial axes.
/// </summary>
/// <remarks>
/// Shapes (2-D): input (H,W), (C,H,W) or (N,C,H,W); kernel (kh,kw) for one single-channel
/// filter, or (F, C/groups, kh, kw). The output is (N?, F?, oh, ow): the batch axis when the input
/// has one, the filter axis when the input has a channel axis or the kernel a filter axis.
/// 1-D likewise with (L), (C,L), (N,C,L) and kernels (k) or (F, C/groups, k).
/// </remarks>
public static class Convolution
{
    public static NdArray CrossCorrelate2D(NdArray input, NdArray kernel, Conv2dOptions? options = null)
    {
        options ??= Conv2dOptions.Default;
        Check.Rank(input, "convolution input", 2, 3, 4);
        Check.Rank(kernel, "convolution kernel (kh x kw, or F x C/groups x kh x kw)", 2, 4);
        var x = input.Rank switch
        {
            2 => input.Reshape(1, 1, input.Shape[0], input.Shape[1]),
            3 => input.Reshape(1, input.Shape[0], input.Shape[1], input.Shape[2]),
            _ => input,
        };
        var w = kernel.Rank == 2 ? kernel.Reshape(1, 1, kernel.Shape[0], kernel.Shape[1]) : kernel;
        var size = new Size2(x.Shape[2], x.Shape[3]);
        var kernelSize = new Size2(w.Shape[2], w.Shape[3]);
        Check.Positive(options.Stride, "stride");
        Check.Positive(options.Dilation, "dilation");
        var pad = options.Padding.Resolve(size, kernelSize, options.Stride, options.Dilation);
        var y = Correlate4D(x, w, options.Stride, pad, options.Dilation, options.Groups, options.Bias);
        return ShapeOutput(y, batched: input.Rank == 4, withFilters: input.Rank >= 3 || kernel.Rank == 4);
    }

    public static NdArray Convolve2D(NdArray input, NdArray kernel, Conv2dOptions? options = null)
    {
        Check.Rank(kernel, "convolution kernel (kh x kw, or F x C/groups x kh x kw)", 2, 4);
        return CrossCorrelate2D(input, FlipLastAxes(kernel, 2), options);
    }

    public static NdArray CrossCorrelate1D(NdArray input, NdArray kernel, Conv1dOptions? options = null)
    {
        options ??= Conv1dOptions.Default;
        Check.Rank(input, "1-D convolution input", 1, 2, 3);
        Check.Rank(kernel, "1-D convolution kernel (k, or F x C/groups x k)", 1, 3);
        var x = input.Rank switch
        {
            1 => input.Reshape(1, 1, 1, input.Shape[0]),
            2 => input.Reshape(1, input.Shape[0], 1, input.Shape[1]),
            _ => input.Reshape(input.Shape[0], input.Shape[1], 1, input.Shape[2]),
        };
        var w = kernel.Rank == 1
            ? kernel.Reshape(1, 1, 1, kernel.Shape[0])
            : kernel.Reshape(kernel.Shape[0], kernel.Shape[1], 1, kernel.Shape[2]);
        Check.Positive(options.Stride, "stride");
        Check.Positive(options.Dilation, "dilation");
        var (left, right) = options.Padding.Resolve1D(x.Shape[3], w.Shape[3], options.Stride, options.Dilation);
        var y = Correlate4D(x, w, new Size2(1, options.Stride), (0, 0, left, right),
            new Size2(1, options.Dilation), options.Groups, options.Bias);
        // Drop the height axis of length 1 that the 2-D computation used.
        var y3 = y.Reshape(y.Shape[0], y.Shape[1], y.Shape[3]);
        bool batched = input.Rank == 3, withFilters = input.Rank >= 2 || kernel.Rank == 3;
        return (batched, withFilters) switch
        {
            (true, _) => y3,
            (false, true) => y3.Reshape(y3.Shape[1], y3.Shape[2]),
            (false, false) => y3.Reshape(y3.Shape[2]),
        };
    }

    public static NdArray Convolve1D(NdArray input, NdArray kernel, Conv1dOptions? options = null)
    {
        Check.Rank(kernel, "1-D convolution kernel (k, or F x C/groups x k)", 1, 3);
        return CrossCorrelate1D(input, FlipLastAxes(kernel, 1), options);
    }

    /// <summary>Cross-correlation of x (N,C,H,W) with w (F,C/g,kh,kw), explicit zero padding.</summary>
    private static NdArray Correlate4D(
        NdArray x, NdArray w, Size2 stride, (int Top, int Bottom, int Left, int Right) pad,
        Size2 dilation, int groups, NdArray? bias)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], wd = x.Shape[3];
        int f = w.Shape[0], cg = w.Shape[1], kh = w.Shape[2], kw = w.Shape[3];
        Check.Positive(c, "number of input channels");
        Check.Positive(f, "number of filters");
        Check.Positive(groups, "groups");
        Check.That(c % groups == 0 && f % groups == 0,
            $"groups ({groups}) must divide both the input channels ({c}) and the number of filters ({f})");
        Check.That(cg == c / groups,
            $"the kernel has {cg} channel(s) per filter but the input has {c} channel(s)" +
            (groups > 1 ? $" in {groups} groups ({c / groups} per group)" : ""));
        if (bias is not null)
            Check.That(bias.Length == f, $"bias must have one value per filter ({f}), got shape {Check.Shape(bias)}");
        int oh = ConvArithmetic.OutputSize(h, kh, stride.Height, pad.Top, pad.Bottom, dilation.Height);
        int ow = ConvArithmetic.OutputSize(wd, kw, stride.Width, pad.Left, pad.Right, dilation.Width);
        Check.Work((long)n * f * oh * ow * cg * kh * kw, "this convolution");

        var y = new double[checked((int)NdArray.CountElements([n, f, oh, ow]))];
        int filtersPerGroup = f / groups;
        for (int b = 0; b < n; b++)
        for (int o = 0; o < f; o++)
        {
            int firstChannel = o / filtersPerGroup * cg;
            double offset = bias?.Data[o] ?? 0;
            for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
            {
                double sum = offset;
                for (int ci = 0; ci < cg; ci++)
                for (int m = 0; m < kh; m++)
                {
                    int row = i * stride.Height - pad.Top + m * dilation.Height;
                    if (row < 0 || row >= h) continue; // zero padding contributes nothing
                    for (int q = 0; q < kw; q++)
                    {
                        int col = j * stride.Width - pad.Left + q * dilation.Width;
                        if (col < 0 || col >= wd) continue;
                        sum += w.Data[((o * cg + ci) * kh + m) * kw + q]
                             * x.Data[((b * c + firstChannel + ci) * h + row) * wd + col];
                    }
                }
                y[((b * f + o) * oh + i) * ow + j] = sum;
            }
        }
        return new NdArray([n, f, oh, ow], y);
    }

    private static NdArray ShapeOutput(NdArray y, bool batched, bool withFilters)
    {
        int f = y.Shape[1], oh = y.Shape[2], ow = y.Shape[3];
        if (batched) return y;
        return withFilters ? y.Reshape(f, oh, ow) : y.Reshape(oh, ow);
    }

    /// <summary>Reverses the last <paramref name="axes"/> axes (the spatial ones) of a kernel.</summary>
    internal static NdArray FlipLastAxes(NdArray kernel, int axes)
    {
        int inner = 1;
        for (int a = kernel.Rank - axes; a < kernel.Rank; a++) inner *= kernel.Shape[a];
        var data = new double[kernel.Length];
        // Reversing all spatial axes of a row-major block is reversing the block.
        for (int start = 0; start < kernel.Length; start += inner)
            for (int k = 0; k < inner; k++)
                data[start + k] = kernel.Data[start + inner - 1 - k];
        return new NdArray(kernel.Shape, data);
    }
}
