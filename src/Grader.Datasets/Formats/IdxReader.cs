using System.Buffers.Binary;

namespace Grader.Datasets.Formats;

/// <summary>
/// Streaming reader of an unsigned-byte IDX file (the MNIST / Fashion-MNIST format), plain or gzipped.
/// The header is big-endian: magic <c>00 00 08 NDIM</c>, then NDIM 32-bit dimension sizes, then the
/// data in row-major order. Image files have 3 dimensions (count, rows, columns), label files 1.
/// Records are read one at a time: memory does not depend on the number of records.
/// </summary>
public sealed class IdxReader : IDisposable
{
    /// <summary>Largest accepted record count (far above any test set; stops absurd headers).</summary>
    public const int MaxCount = 100_000_000;
    /// <summary>Largest accepted image side.</summary>
    public const int MaxSide = 4096;

    private readonly Stream _stream;
    private readonly string _source;
    private int _position;

    private IdxReader(Stream stream, string source, int[] dims)
    {
        _stream = stream;
        _source = source;
        Dimensions = dims;
        Count = dims[0];
        RecordSize = 1;
        for (int i = 1; i < dims.Length; i++)
            RecordSize *= dims[i];
    }

    /// <summary>The dimension sizes from the header; the first is the record count.</summary>
    public IReadOnlyList<int> Dimensions { get; }
    /// <summary>Number of records (images or labels).</summary>
    public int Count { get; }
    /// <summary>Bytes per record: rows x columns for images, 1 for labels.</summary>
    public int RecordSize { get; }
    /// <summary>Rows of an image (image files only).</summary>
    public int Rows => Dimensions.Count == 3 ? Dimensions[1] : throw new InvalidOperationException("not an image file");
    /// <summary>Columns of an image (image files only).</summary>
    public int Columns => Dimensions.Count == 3 ? Dimensions[2] : throw new InvalidOperationException("not an image file");
    /// <summary>Index of the next record to be read.</summary>
    public int Position => _position;

    /// <summary>Opens an image file (<c>*-images-idx3-ubyte</c>, magic 0x00000803).</summary>
    public static IdxReader OpenImages(string path) => Open(path, expectedDims: 3);

    /// <summary>Opens a label file (<c>*-labels-idx1-ubyte</c>, magic 0x00000801).</summary>
    public static IdxReader OpenLabels(string path) => Open(path, expectedDims: 1);

    /// <summary>Opens an IDX stream (already decompressed, or seekable so gzip can be detected).</summary>
    public static IdxReader Open(Stream stream, string sourceName, int expectedDims)
    {
        var s = SourceStreams.WrapMaybeGzip(stream);
        try
        {
            return new IdxReader(s, sourceName, ReadHeader(s, sourceName, expectedDims));
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    private static IdxReader Open(string path, int expectedDims)
    {
        Stream s;
        try
        {
            s = SourceStreams.OpenMaybeGzip(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetFormatException($"{path}: cannot open: {e.Message}", e);
        }
        try
        {
            return new IdxReader(s, path, ReadHeader(s, path, expectedDims));
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    private static int[] ReadHeader(Stream s, string source, int expectedDims)
    {
        Span<byte> head = stackalloc byte[4];
        int n = ReadOrThrow(s, head, source, "header");
        if (n < 4)
            throw new DatasetFormatException($"{source}: not an IDX file (only {n} bytes)");
        if (head[0] != 0 || head[1] != 0)
            throw new DatasetFormatException($"{source}: not an IDX file (bad magic {Convert.ToHexString(head)})");
        if (head[2] != 0x08)
            throw new DatasetFormatException($"{source}: IDX element type 0x{head[2]:x2} is not unsigned byte (0x08)");
        int ndim = head[3];
        if (ndim != expectedDims)
        {
            string what = expectedDims == 3 ? "an image file (magic 0x00000803)" : "a label file (magic 0x00000801)";
            throw new DatasetFormatException(
                $"{source}: IDX magic 0x{BinaryPrimitives.ReadUInt32BigEndian(head):x8} has {ndim} dimensions; expected {what}");
        }
        Span<byte> dimBytes = stackalloc byte[4 * ndim];
        if (ReadOrThrow(s, dimBytes, source, "header") < dimBytes.Length)
            throw new DatasetFormatException($"{source}: truncated IDX header");
        var dims = new int[ndim];
        for (int i = 0; i < ndim; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(dimBytes[(4 * i)..]);
            uint max = i == 0 ? (uint)MaxCount : (uint)MaxSide;
            if ((i > 0 && d == 0) || d > max)
                throw new DatasetFormatException($"{source}: IDX dimension {i} = {d} is out of range (1..{max})");
            dims[i] = (int)d;
        }
        return dims;
    }

    private static int ReadOrThrow(Stream s, Span<byte> buffer, string source, string what)
    {
        try
        {
            return SourceStreams.ReadFully(s, buffer);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"{source}: corrupt gzip data in {what}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads the next record into <paramref name="destination"/> (at least <see cref="RecordSize"/> bytes).
    /// Returns false when all <see cref="Count"/> records have been read; at that point the file is
    /// checked to end exactly there. Throws <see cref="DatasetFormatException"/> on truncation.
    /// </summary>
    public bool ReadNext(Span<byte> destination)
    {
        if (_position >= Count)
            return false;
        if (destination.Length < RecordSize)
            throw new ArgumentException($"destination holds {destination.Length} bytes; a record is {RecordSize}", nameof(destination));
        int n = ReadOrThrow(_stream, destination[..RecordSize], _source, $"record {_position}");
        if (n < RecordSize)
            throw new DatasetFormatException(
                $"{_source}: truncated: the header declares {Count} records but the data ends in record {_position}");
        _position++;
        if (_position == Count)
            VerifyEnd();
        return true;
    }

    /// <summary>Reads up to <paramref name="destination"/>.Length / RecordSize records; returns how many were read.</summary>
    public int ReadMany(Span<byte> destination)
    {
        int want = Math.Min(destination.Length / RecordSize, Count - _position);
        if (want <= 0)
            return 0;
        int bytes = want * RecordSize;
        int n = ReadOrThrow(_stream, destination[..bytes], _source, $"records {_position}..{_position + want - 1}");
        if (n < bytes)
            throw new DatasetFormatException(
                $"{_source}: truncated: the header declares {Count} records but the data ends in record {_position + n / RecordSize}");
        _position += want;
        if (_position == Count)
            VerifyEnd();
        return want;
    }

    private void VerifyEnd()
    {
        bool atEnd;
        try
        {
            atEnd = SourceStreams.AtEnd(_stream);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"{_source}: corrupt gzip data after the last record: {e.Message}", e);
        }
        if (!atEnd)
            throw new DatasetFormatException($"{_source}: trailing data after the {Count} records the header declares");
    }

    public void Dispose() => _stream.Dispose();
}
