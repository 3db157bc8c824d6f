using Grader.Core.Numerics;

namespace Grader.Core.Reference;

/// <summary>
/// A 2-D convolution (cross-correlation, as in deep learning) written as a matrix: row r of the
/// result holds the kernel weights that output position r (row-major) takes from each input
/// position, so <c>vec(conv2d(x, k)) = T · vec(x)</c> with vec the row-major flattening.
/// </summary>
/// <remarks>
/// For a 4×4 input and a 3×3 kernel T is 4×16; for a 3×3 input and a 2×2 kernel, 4×9. Zero
/// padding adds output rows but no columns: a padded cell multiplies zero.
/// </remarks>
public static class Toeplitz
{
    public static NdArray Matrix(
        NdArray kernel, int inputHeight, int inputWidth,
        Size2? stride = null, Padding? padding = null, Size2? dilation = null)
    {
        Check.Rank(kernel, "the kernel (kh x kw)", 2);
        var s = stride ?? 1;
        var d = dilation ?? 1;
        Check.Positive(s, "stride");
        Check.Positive(d, "dilation");
        int kh = kernel.Shape[0], kw = kernel.Shape[1];
        var pad = (padding ?? Padding.Valid).Resolve(new Size2(inputHeight, inputWidth), new Size2(kh, kw), s, d);
        int oh = ConvArithmetic.OutputSize(inputHeight, kh, s.Height, pad.Top, pad.Bottom, d.Height);
        int ow = ConvArithmetic.OutputSize(inputWidth, kw, s.Width, pad.Left, pad.Right, d.Width);
        int columns = inputHeight * inputWidth;
        var t = NdArray.Zeros(oh * ow, columns);
        for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
        for (int m = 0; m < kh; m++)
        {
            int row = i * s.Height - pad.Top + m * d.Height;
            if (row < 0 || row >= inputHeight) continue;
            for (int q = 0; q < kw; q++)
            {
                int col = j * s.Width - pad.Left + q * d.Width;
                if (col < 0 || col >= inputWidth) continue;
                t.Data[(i * ow + j) * columns + row * inputWidth + col] += kernel.Data[m * kw + q];
            }
        }
        return t;
    }
}
