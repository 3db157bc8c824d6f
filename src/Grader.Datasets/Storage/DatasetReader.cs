using System.Buffers;
using Grader.Datasets.Imaging;
using Microsoft.Win32.SafeHandles;

namespace Grader.Datasets.Storage;

/// <summary>Where an image is stored and its size and region of interest.</summary>
public readonly record struct ImageInfo(int Width, int Height, int Channels, int RoiX1, int RoiY1, int RoiX2, int RoiY2)
{
    public int Bytes => Channels * Width * Height;
}

/// <summary>
/// Random access to an imported dataset (<see cref="DatasetStore.Open"/>). Reads use positional
/// file reads, so any number of threads may read images at once; memory does not depend on the
/// size of the set.
/// </summary>
public sealed class DatasetReader : IDisposable
{
    private readonly SafeFileHandle _images;
    private readonly SafeFileHandle _labels;
    private readonly SafeFileHandle? _index;
    private readonly int _fixedBytes;

    internal DatasetReader(string directory, DatasetManifest manifest, SafeFileHandle images, SafeFileHandle labels, SafeFileHandle? index)
    {
        Directory = directory;
        Manifest = manifest;
        _images = images;
        _labels = labels;
        _index = index;
        _fixedBytes = manifest.ImageShape?.Bytes ?? 0;
    }

    public string Directory { get; }
    public DatasetManifest Manifest { get; }
    public string Name => Manifest.Name;
    public int Count => Manifest.Count;
    public IReadOnlyList<string> Classes => Manifest.Classes;
    public int Channels => Manifest.Channels;
    /// <summary>The common shape of all images, or null when sizes vary.</summary>
    public ImageShape? FixedShape => Manifest.ImageShape;
    /// <summary>Bytes of the largest image: a buffer this size holds any image.</summary>
    public int MaxImageBytes => Manifest.Channels * Manifest.MaxWidth * Manifest.MaxHeight;

    /// <summary>Reads the labels of images <paramref name="start"/> .. start + destination.Length - 1.</summary>
    public void ReadLabels(int start, Span<byte> destination)
    {
        CheckRange(start, destination.Length);
        ReadExactly(_labels, destination, start, StoreFormat.LabelsFile);
    }

    public byte GetLabel(int index)
    {
        Span<byte> one = stackalloc byte[1];
        ReadLabels(index, one);
        return one[0];
    }

    /// <summary>Size and region of interest of images <paramref name="start"/> .. start + destination.Length - 1.</summary>
    public void ReadInfos(int start, Span<ImageInfo> destination, Span<long> offsets = default)
    {
        CheckRange(start, destination.Length);
        if (FixedShape is { } shape)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = new ImageInfo(shape.Width, shape.Height, shape.Channels, 0, 0, shape.Width - 1, shape.Height - 1);
                if (offsets.Length > i)
                    offsets[i] = (long)(start + i) * _fixedBytes;
            }
            return;
        }
        int bytes = destination.Length * StoreFormat.IndexRecordBytes;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            ReadExactly(_index!, buffer.AsSpan(0, bytes), (long)start * StoreFormat.IndexRecordBytes, StoreFormat.IndexFile);
            for (int i = 0; i < destination.Length; i++)
            {
                var e = StoreFormat.ReadIndexEntry(buffer.AsSpan(i * StoreFormat.IndexRecordBytes));
                destination[i] = new ImageInfo(e.Width, e.Height, e.Channels, e.RoiX1, e.RoiY1, e.RoiX2, e.RoiY2);
                if (offsets.Length > i)
                    offsets[i] = e.Offset;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public ImageInfo GetInfo(int index)
    {
        Span<ImageInfo> one = stackalloc ImageInfo[1];
        ReadInfos(index, one);
        return one[0];
    }

    /// <summary>Reads the planar (CHW) bytes of an image whose offset and info were obtained from <see cref="ReadInfos"/>.</summary>
    public void ReadPixels(long offset, in ImageInfo info, Span<byte> destination) =>
        ReadExactly(_images, destination[..info.Bytes], offset, StoreFormat.ImagesFile);

    /// <summary>Reads the planar bytes of fixed-size images <paramref name="start"/> .. start + count - 1 in one read.</summary>
    public void ReadFixedRange(int start, int count, Span<byte> destination)
    {
        if (FixedShape is null)
            throw new InvalidOperationException($"{Name} has images of varying size");
        CheckRange(start, count);
        ReadExactly(_images, destination[..(count * _fixedBytes)], (long)start * _fixedBytes, StoreFormat.ImagesFile);
    }

    /// <summary>Streams this dataset as preprocessed batches (see <see cref="Batching.BatchReader"/>).</summary>
    public Batching.BatchReader Batches(Preprocessing.PreprocessingPlan plan, Batching.BatchOptions? options = null) =>
        new(this, plan, options);

    /// <summary>Reads one image (allocating).</summary>
    public PlanarImage ReadImage(int index)
    {
        Span<ImageInfo> info = stackalloc ImageInfo[1];
        Span<long> offset = stackalloc long[1];
        ReadInfos(index, info, offset);
        var pixels = new byte[info[0].Bytes];
        ReadPixels(offset[0], info[0], pixels);
        return new PlanarImage(info[0].Width, info[0].Height, info[0].Channels, pixels);
    }

    private void CheckRange(int start, int count)
    {
        if (start < 0 || count < 0 || start > Count - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"images {start}..{start + count - 1} are outside 0..{Count - 1}");
    }

    private void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset, string file)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int n = RandomAccess.Read(handle, destination[total..], offset + total);
            if (n == 0)
                throw new DatasetIntegrityException($"{Path.Combine(Directory, file)}: unexpected end of file at {offset + total}");
            total += n;
        }
    }

    public void Dispose()
    {
        _images.Dispose();
        _labels.Dispose();
        _index?.Dispose();
    }
}
