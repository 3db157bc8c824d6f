namespace Grader.Datasets.Batching;

/// <summary>
/// A batch of preprocessed images: <see cref="Count"/> images as float32 NCHW in
/// <see cref="Data"/> (the first <c>Count * ImageFloats</c> floats) and their labels.
/// <para>Batches are reused: a batch handed out by <see cref="BatchReader"/> is valid until the
/// consumer asks for the next one, after which its buffers are refilled. Copy what must outlive that.</para>
/// </summary>
public sealed class Batch
{
    internal Batch(int capacity, int channels, int height, int width)
    {
        Capacity = capacity;
        Channels = channels;
        Height = height;
        Width = width;
        Data = new float[(long)capacity * channels * height * width];
        Labels = new byte[capacity];
        Infos = new Storage.ImageInfo[capacity];
        Offsets = new long[capacity];
    }

    internal Storage.ImageInfo[] Infos { get; }
    internal long[] Offsets { get; }

    /// <summary>Index in the dataset of the first image.</summary>
    public int Start { get; internal set; }
    /// <summary>Images in this batch (the last batch may hold fewer than <see cref="Capacity"/>).</summary>
    public int Count { get; internal set; }
    /// <summary>The batch size.</summary>
    public int Capacity { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int ImageFloats => Channels * Height * Width;

    /// <summary>The whole buffer, <c>Capacity * ImageFloats</c> floats; only the first <c>Count</c> images are valid.</summary>
    public float[] Data { get; }
    /// <summary>The whole label buffer; only the first <c>Count</c> are valid.</summary>
    public byte[] Labels { get; }

    /// <summary>The valid images, NCHW.</summary>
    public Memory<float> Images => Data.AsMemory(0, Count * ImageFloats);
    /// <summary>The valid labels.</summary>
    public ReadOnlyMemory<byte> LabelMemory => Labels.AsMemory(0, Count);
    /// <summary>The NCHW shape of the valid part: [Count, C, H, W].</summary>
    public int[] Shape => [Count, Channels, Height, Width];

    /// <summary>The floats of image <paramref name="i"/> of this batch.</summary>
    public Span<float> Image(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, Count);
        return Data.AsSpan(i * ImageFloats, ImageFloats);
    }
}
