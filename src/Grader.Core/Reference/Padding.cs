namespace Grader.Core.Reference;

/// <summary>
/// How a convolution pads its input with zeros: <see cref="Valid"/> (none), <see cref="Same"/>
/// or explicit amounts per side. One-dimensional convolutions use only <see cref="Left"/> and
/// <see cref="Right"/>.
/// </summary>
/// <remarks>
/// "same" follows TensorFlow: the output has <c>ceil(in / stride)</c> positions per axis and the
/// total padding <c>max((out - 1)·s + d·(k - 1) + 1 - in, 0)</c> is split with the smaller half at
/// the top/left and the extra one (for even kernels) at the bottom/right. For stride 1 this equals
/// PyTorch's <c>padding="same"</c>, which also puts the extra padding at the right/bottom.
/// </remarks>
public sealed record Padding
{
    private Padding(bool isSame, int top, int bottom, int left, int right)
    {
        IsSame = isSame;
        Top = top;
        Bottom = bottom;
        Left = left;
        Right = right;
    }

    /// <summary>True for "same" padding, whose amounts depend on the input, kernel, stride and dilation.</summary>
    public bool IsSame { get; }
    public int Top { get; }
    public int Bottom { get; }
    public int Left { get; }
    public int Right { get; }

    public static Padding Valid { get; } = new(false, 0, 0, 0, 0);

    public static Padding Same { get; } = new(true, 0, 0, 0, 0);

    /// <summary>The same amount on every side, as PyTorch's <c>padding=p</c>.</summary>
    public static Padding Symmetric(int p) => Explicit(p, p, p, p);

    /// <summary><paramref name="ph"/> rows above and below, <paramref name="pw"/> columns left and right.</summary>
    public static Padding Symmetric(int ph, int pw) => Explicit(ph, ph, pw, pw);

    public static Padding Explicit(int top, int bottom, int left, int right)
    {
        Check.NonNegative(top, "padding (top)");
        Check.NonNegative(bottom, "padding (bottom)");
        Check.NonNegative(left, "padding (left)");
        Check.NonNegative(right, "padding (right)");
        return new(false, top, bottom, left, right);
    }

    /// <summary>"same" or "valid" (any letter case).</summary>
    public static Padding Parse(string mode) => mode.Trim().ToLowerInvariant() switch
    {
        "same" => Same,
        "valid" => Valid,
        _ => throw new ArgumentException($"padding must be \"same\", \"valid\" or a number, got \"{mode}\""),
    };

    public static implicit operator Padding(int p) => Symmetric(p);

    /// <summary>Explicit amounts (top, bottom, left, right) for a 2-D input of the given size.</summary>
    public (int Top, int Bottom, int Left, int Right) Resolve(Size2 input, Size2 kernel, Size2 stride, Size2 dilation)
    {
        if (!IsSame) return (Top, Bottom, Left, Right);
        var (top, bottom) = SameAxis(input.Height, kernel.Height, stride.Height, dilation.Height);
        var (left, right) = SameAxis(input.Width, kernel.Width, stride.Width, dilation.Width);
        return (top, bottom, left, right);
    }

    /// <summary>Explicit amounts (left, right) for a 1-D input of the given length.</summary>
    public (int Left, int Right) Resolve1D(int length, int kernel, int stride, int dilation) =>
        IsSame ? SameAxis(length, kernel, stride, dilation) : (Left, Right);

    /// <summary>TensorFlow's "same" split along one axis: the odd one out goes after.</summary>
    public static (int Before, int After) SameAxis(int input, int kernel, int stride, int dilation)
    {
        Check.Positive(input, "input size");
        Check.Positive(kernel, "kernel size");
        Check.Positive(stride, "stride");
        Check.Positive(dilation, "dilation");
        long output = (input + (long)stride - 1) / stride;
        long total = Math.Max((output - 1) * stride + (long)dilation * (kernel - 1) + 1 - input, 0);
        Check.That(total <= int.MaxValue / 4, "\"same\" padding would be too large");
        return ((int)(total / 2), (int)(total - total / 2));
    }

    public override string ToString() =>
        IsSame ? "same"
        : Top == 0 && Bottom == 0 && Left == 0 && Right == 0 ? "valid"
        : $"(top {Top}, bottom {Bottom}, left {Left}, right {Right})";
}
