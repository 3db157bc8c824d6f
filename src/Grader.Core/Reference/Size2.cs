namespace Grader.Core.Reference;

/// <summary>
/// A (height, width) pair for kernel sizes, strides, dilations and pooling paddings.
/// A plain int converts to a square pair, so <c>Stride = 2</c> means 2 along both axes.
/// </summary>
public readonly record struct Size2(int Height, int Width)
{
    public static implicit operator Size2(int both) => new(both, both);

    public override string ToString() => Height == Width ? $"{Height}" : $"{Height}x{Width}";
}
