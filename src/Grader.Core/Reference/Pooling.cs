using Grader.Core.Numerics;

namespace Grader.Core.Reference;

/// <summary>
/// 2-D max and average pooling over the last two axes of an array (H,W), (C,H,W) or (N,C,H,W),
/// with PyTorch's conventions: the stride defaults to the kernel size, padding is the same on both
/// sides of an axis and at most half the kernel, windows that do not fit are dropped (floor).
/// </summary>
/// <remarks>
/// Max pooling pads with −∞, so a padded cell never wins. Average pooling pads with zeros and
/// divides by the full window size <c>kh·kw</c>, padding included (PyTorch's default
/// <c>count_include_pad=True</c>).
/// </remarks>
public static class Pooling
{
    public static NdArray MaxPool2D(NdArray input, Size2 kernel, Size2? stride = null, Size2 padding = default)
    {
        var geometry = Geometry.Of(input, kernel, stride, padding);
        var output = new double[geometry.OutputLength];
        geometry.ForEachWindow((outIndex, window) =>
        {
            int best = ArgMax(input.Data, window);
            output[outIndex] = input.Data[best];
        });
        return new NdArray(geometry.OutputShape, output);
    }

    public static NdArray AvgPool2D(NdArray input, Size2 kernel, Size2? stride = null, Size2 padding = default)
    {
        var geometry = Geometry.Of(input, kernel, stride, padding);
        var output = new double[geometry.OutputLength];
        double area = (double)kernel.Height * kernel.Width;
        geometry.ForEachWindow((outIndex, window) =>
        {
            double sum = 0;
            foreach (int index in window) sum += input.Data[index];
            output[outIndex] = sum / area;
        });
        return new NdArray(geometry.OutputShape, output);
    }

    /// <summary>
    /// Gradient of the loss w.r.t. the input of <see cref="MaxPool2D"/>: each output's gradient goes
    /// to the input cell that won its window. On ties the FIRST maximum in row-major order within
    /// the window wins (as PyTorch's CPU kernel does). Overlapping windows add their gradients.
    /// </summary>
    public static NdArray MaxPoolBackward(
        NdArray input, NdArray gradOutput, Size2 kernel, Size2? stride = null, Size2 padding = default)
    {
        var geometry = Geometry.Of(input, kernel, stride, padding);
        CheckGradient(geometry, gradOutput);
        var grad = new double[input.Length];
        geometry.ForEachWindow((outIndex, window) =>
            grad[ArgMax(input.Data, window)] += gradOutput.Data[outIndex]);
        return new NdArray(input.Shape, grad);
    }

    /// <summary>
    /// Gradient w.r.t. the input of <see cref="AvgPool2D"/>: each output's gradient is shared equally,
    /// <c>g / (kh·kw)</c>, by the cells of its window (padding cells take their share and drop it).
    /// Only the shape of <paramref name="input"/> is used.
    /// </summary>
    public static NdArray AvgPoolBackward(
        NdArray input, NdArray gradOutput, Size2 kernel, Size2? stride = null, Size2 padding = default)
    {
        var geometry = Geometry.Of(input, kernel, stride, padding);
        CheckGradient(geometry, gradOutput);
        var grad = new double[input.Length];
        double area = (double)kernel.Height * kernel.Width;
        geometry.ForEachWindow((outIndex, window) =>
        {
            foreach (int index in window) grad[index] += gradOutput.Data[outIndex] / area;
        });
        return new NdArray(input.Shape, grad);
    }

    /// <summary>First index of the largest value: a strict comparison keeps the earliest on ties.</summary>
    private static int ArgMax(double[] data, List<int> window)
    {
        int best = window[0];
        foreach (int index in window)
            if (data[index] > data[best]) best = index;
        return best;
    }

    private static void CheckGradient(Geometry geometry, NdArray gradOutput) =>
        Check.That(gradOutput.Shape.AsSpan().SequenceEqual(geometry.OutputShape),
            $"the output gradient must have the shape of the pooling output, {NdArray.FormatShape(geometry.OutputShape)}, " +
            $"got {Check.Shape(gradOutput)}");

    /// <summary>Where the windows of one pooling call lie.</summary>
    private sealed record Geometry(
        int Planes, int Height, int Width, Size2 Kernel, Size2 Stride, Size2 Padding, int OutHeight, int OutWidth,
        int[] OutputShape)
    {
        public int OutputLength => Planes * OutHeight * OutWidth;

        public static Geometry Of(NdArray input, Size2 kernel, Size2? stride, Size2 padding)
        {
            Check.That(input.Rank >= 2, $"pooling needs an input of at least 2 axes (H x W), got shape {Check.Shape(input)}");
            Check.Positive(kernel, "pooling kernel size");
            var s = stride ?? kernel;
            Check.Positive(s, "pooling stride");
            Check.NonNegative(padding.Height, "pooling padding");
            Check.NonNegative(padding.Width, "pooling padding");
            int h = input.Shape[^2], w = input.Shape[^1];
            int oh = ConvArithmetic.PoolOutputSize(h, kernel.Height, s.Height, padding.Height);
            int ow = ConvArithmetic.PoolOutputSize(w, kernel.Width, s.Width, padding.Width);
            int planes = h * w == 0 ? 0 : input.Length / (h * w);
            Check.Work((long)planes * oh * ow * kernel.Height * kernel.Width, "this pooling");
            int[] shape = [.. input.Shape[..^2], oh, ow];
            return new Geometry(planes, h, w, kernel, s, padding, oh, ow, shape);
        }

        /// <summary>Calls <paramref name="visit"/> with the flat input indices (row-major) of every window's real cells.</summary>
        public void ForEachWindow(Action<int, List<int>> visit)
        {
            var window = new List<int>(Kernel.Height * Kernel.Width);
            for (int p = 0; p < Planes; p++)
            for (int i = 0; i < OutHeight; i++)
            for (int j = 0; j < OutWidth; j++)
            {
                window.Clear();
                for (int m = 0; m < Kernel.Height; m++)
                {
                    int row = i * Stride.Height - Padding.Height + m;
                    if (row < 0 || row >= Height) continue;
                    for (int q = 0; q < Kernel.Width; q++)
                    {
                        int col = j * Stride.Width - Padding.Width + q;
                        if (col >= 0 && col < Width) window.Add((p * Height + row) * Width + col);
                    }
                }
                visit((p * OutHeight + i) * OutWidth + j, window);
            }
        }
    }
}
