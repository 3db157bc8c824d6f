using System.Buffers.Binary;

namespace Grader.Datasets.Storage;

/// <summary>One record of <c>index.bin</c> (variable-size datasets).</summary>
/// <param name="Offset">Byte offset of the image in <c>images.u8</c>.</param>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
/// <param name="Channels">Planes (3 for GTSRB).</param>
/// <param name="RoiX1">Region of interest, inclusive corners (the whole image when the source has none).</param>
public readonly record struct ImageIndexEntry(
    long Offset, int Width, int Height, int Channels, int RoiX1, int RoiY1, int RoiX2, int RoiY2)
{
    public int Bytes => Channels * Width * Height;
}

/// <summary>File names and record layouts of the internal store.</summary>
public static class StoreFormat
{
    public const string ImagesFile = "images.u8";
    public const string LabelsFile = "labels.u8";
    public const string IndexFile = "index.bin";
    /// <summary>
    /// Bytes per <c>index.bin</c> record, little-endian: u64 offset, u16 width, u16 height,
    /// u16 channels, u16 roiX1, u16 roiY1, u16 roiX2, u16 roiY2, u16 reserved (0).
    /// </summary>
    public const int IndexRecordBytes = 24;

    internal static void WriteIndexEntry(Span<byte> b, ImageIndexEntry e)
    {
        BinaryPrimitives.WriteInt64LittleEndian(b, e.Offset);
        BinaryPrimitives.WriteUInt16LittleEndian(b[8..], checked((ushort)e.Width));
        BinaryPrimitives.WriteUInt16LittleEndian(b[10..], checked((ushort)e.Height));
        BinaryPrimitives.WriteUInt16LittleEndian(b[12..], checked((ushort)e.Channels));
        BinaryPrimitives.WriteUInt16LittleEndian(b[14..], checked((ushort)e.RoiX1));
        BinaryPrimitives.WriteUInt16LittleEndian(b[16..], checked((ushort)e.RoiY1));
        BinaryPrimitives.WriteUInt16LittleEndian(b[18..], checked((ushort)e.RoiX2));
        BinaryPrimitives.WriteUInt16LittleEndian(b[20..], checked((ushort)e.RoiY2));
        BinaryPrimitives.WriteUInt16LittleEndian(b[22..], 0);
    }

    internal static ImageIndexEntry ReadIndexEntry(ReadOnlySpan<byte> b) => new(
        BinaryPrimitives.ReadInt64LittleEndian(b),
        BinaryPrimitives.ReadUInt16LittleEndian(b[8..]),
        BinaryPrimitives.ReadUInt16LittleEndian(b[10..]),
        BinaryPrimitives.ReadUInt16LittleEndian(b[12..]),
        BinaryPrimitives.ReadUInt16LittleEndian(b[14..]),
        BinaryPrimitives.ReadUInt16LittleEndian(b[16..]),
        BinaryPrimitives.ReadUInt16LittleEndian(b[18..]),
        BinaryPrimitives.ReadUInt16LittleEndian(b[20..]));
}
