namespace Grader.Core.Reference;

/// <summary>
/// Output sizes of convolutions and pooling along one axis, and the receptive field of a stack
/// of layers. Every size is checked: a kernel that does not fit gives an <see cref="ArgumentException"/>.
/// </summary>
public static class ConvArithmetic
{
    /// <summary>
    /// <c>floor((in + p_total - d·(k - 1) - 1) / s) + 1</c>, with the padding given per side
    /// (<paramref name="padBefore"/> top/left, <paramref name="padAfter"/> bottom/right).
    /// </summary>
    public static int OutputSize(int input, int kernel, int stride, int padBefore, int padAfter, int dilation)
    {
        Check.Positive(input, "input size");
        Check.Positive(kernel, "kernel size");
        Check.Positive(stride, "stride");
        Check.Positive(dilation, "dilation");
        Check.NonNegative(padBefore, "padding");
        Check.NonNegative(padAfter, "padding");
        long effectiveKernel = (long)dilation * (kernel - 1) + 1;
        long padded = (long)input + padBefore + padAfter;
        Check.That(effectiveKernel <= padded,
            $"the kernel (effective size {effectiveKernel}) is larger than the padded input (size {padded}): no output");
        return (int)((padded - effectiveKernel) / stride + 1);
    }

    /// <summary>Convolution output size with <paramref name="padding"/> zeros on EACH side, as PyTorch's <c>padding=p</c>.</summary>
    public static int ConvOutputSize(int input, int kernel, int padding = 0, int stride = 1, int dilation = 1) =>
        OutputSize(input, kernel, stride, padding, padding, dilation);

    /// <summary>Output size with "same" padding: <c>ceil(in / stride)</c>.</summary>
    public static int SameOutputSize(int input, int stride = 1)
    {
        Check.Positive(input, "input size");
        Check.Positive(stride, "stride");
        return (int)((input + (long)stride - 1) / stride);
    }

    /// <summary>
    /// Pooling output size, as PyTorch's MaxPool2d/AvgPool2d: stride defaults to the kernel size,
    /// <paramref name="padding"/> is per side and at most half the kernel. With
    /// <paramref name="ceilMode"/> the division rounds up, but a window may not start in the right padding.
    /// </summary>
    public static int PoolOutputSize(int input, int kernel, int? stride = null, int padding = 0, bool ceilMode = false)
    {
        int s = stride ?? kernel;
        Check.Positive(kernel, "pooling kernel size");
        Check.That(padding <= kernel / 2,
            $"pooling padding ({padding}) must be at most half the kernel size ({kernel})");
        int output = OutputSize(input, kernel, s, padding, padding, 1);
        if (ceilMode)
        {
            long span = (long)input + 2 * padding - kernel;
            if (span % s != 0)
            {
                output++;
                // PyTorch drops a last window that would start inside the right padding.
                if ((long)(output - 1) * s >= (long)input + padding) output--;
            }
        }
        return output;
    }

    /// <summary>
    /// Transposed-convolution output size: <c>(in - 1)·s - 2p + d·(k - 1) + output_padding + 1</c>.
    /// </summary>
    public static int TransposedConvOutputSize(
        int input, int kernel, int stride = 1, int padding = 0, int outputPadding = 0, int dilation = 1)
    {
        Check.Positive(input, "input size");
        Check.Positive(kernel, "kernel size");
        Check.Positive(stride, "stride");
        Check.Positive(dilation, "dilation");
        Check.NonNegative(padding, "padding");
        Check.NonNegative(outputPadding, "output padding");
        Check.That(outputPadding < Math.Max(stride, dilation),
            $"output padding ({outputPadding}) must be smaller than the stride or the dilation");
        long size = (long)(input - 1) * stride - 2L * padding + (long)dilation * (kernel - 1) + outputPadding + 1;
        Check.That(size >= 1 && size <= int.MaxValue, $"transposed convolution output size would be {size}");
        return (int)size;
    }

    /// <summary>
    /// Receptive field after each layer of a stack: <c>R_l = R_(l-1) + (k_l - 1)·∏_(i&lt;l) s_i</c>,
    /// <c>R_0 = 1</c>. Element <c>l - 1</c> of the result is <c>R_l</c>.
    /// </summary>
    public static long[] ReceptiveFields(IReadOnlyList<int> kernels, IReadOnlyList<int> strides)
    {
        CheckStack(kernels, strides);
        var fields = new long[kernels.Count];
        long field = 1, jump = 1;
        for (int l = 0; l < kernels.Count; l++)
        {
            // jump = product of the strides below layer l: how far apart its inputs lie in the image.
            field = Check.Counted("the receptive field", () => checked(field + (kernels[l] - 1) * jump));
            if (l + 1 < kernels.Count) jump = Check.Counted("the receptive field", () => checked(jump * strides[l]));
            fields[l] = field;
        }
        return fields;
    }

    /// <summary>Receptive field of the whole stack (the last entry of <see cref="ReceptiveFields"/>; 1 for no layers).</summary>
    public static long ReceptiveField(IReadOnlyList<int> kernels, IReadOnlyList<int> strides) =>
        kernels.Count == 0 ? 1 : ReceptiveFields(kernels, strides)[^1];

    /// <summary>Receptive field of <paramref name="layers"/> identical layers with kernel k and stride s.</summary>
    public static long ReceptiveField(int layers, int kernel, int stride = 1)
    {
        Check.NonNegative(layers, "number of layers");
        Check.That(layers <= 10_000, $"number of layers must be at most 10000, got {layers}");
        return ReceptiveField(Enumerable.Repeat(kernel, layers).ToArray(), Enumerable.Repeat(stride, layers).ToArray());
    }

    /// <summary>The closed form <c>R_L = 1 + Σ_(j=1..L) (k_j - 1)·∏_(i&lt;j) s_i</c> (equal to the recursion).</summary>
    public static long ReceptiveFieldClosedForm(IReadOnlyList<int> kernels, IReadOnlyList<int> strides)
    {
        CheckStack(kernels, strides);
        return Check.Counted("the receptive field", () =>
        {
            long total = 1;
            for (int j = 0; j < kernels.Count; j++)
            {
                long product = 1;
                for (int i = 0; i < j; i++) product = checked(product * strides[i]);
                total = checked(total + (kernels[j] - 1) * product);
            }
            return total;
        });
    }

    private static void CheckStack(IReadOnlyList<int> kernels, IReadOnlyList<int> strides)
    {
        Check.That(kernels.Count == strides.Count,
            $"receptive field needs one stride per layer: {kernels.Count} kernel size(s), {strides.Count} stride(s)");
        foreach (var k in kernels) Check.Positive(k, "kernel size");
        foreach (var s in strides) Check.Positive(s, "stride");
    }
}
