using Grader.Core.Numerics;

namespace Grader.Core.Reference;

/// <summary>Settings of a 2-D convolution; the defaults are PyTorch's (stride 1, no padding, no dilation, one group, no bias).</summary>
public sealed record Conv2dOptions
{
    public static Conv2dOptions Default { get; } = new();

    public Size2 Stride { get; init; } = 1;
    public Padding Padding { get; init; } = Padding.Valid;
    public Size2 Dilation { get; init; } = 1;
    public int Groups { get; init; } = 1;

    /// <summary>One value per filter (length F), added to every output position of that filter.</summary>
    public NdArray? Bias { get; init; }
}

/// <summary>Settings of a 1-D convolution; padding uses <see cref="Padding.Left"/> and <see cref="Padding.Right"/>.</summary>
public sealed record Conv1dOptions
{
    public static Conv1dOptions Default { get; } = new();

    public int Stride { get; init; } = 1;
    public Padding Padding { get; init; } = Padding.Valid;
    public int Dilation { get; init; } = 1;
    public int Groups { get; init; } = 1;
    public NdArray? Bias { get; init; }
}
