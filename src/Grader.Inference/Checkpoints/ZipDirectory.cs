using System.Buffers.Binary;

namespace Grader.Inference.Checkpoints;

/// <summary>
/// Reads the entry count from a zip's end-of-central-directory record (zip64 too) before
/// System.IO.Compression builds an object per entry: a small file can declare millions of
/// entries, and the limit must hold before they are materialised.
/// </summary>
internal static class ZipDirectory
{
    private const uint EndSignature = 0x06054b50, Zip64LocatorSignature = 0x07064b50, Zip64EndSignature = 0x06064b50;

    /// <summary>The declared total entry count, or null when no end record is found (the zip
    /// reader then reports the damage).</summary>
    public static long? DeclaredEntries(ReadOnlySpan<byte> zip)
    {
        // The end record is 22 bytes plus a comment of up to 65,535 bytes, at the end of the file.
        for (int at = zip.Length - 22; at >= 0 && at >= zip.Length - 22 - 65_535; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip[at..]) != EndSignature) continue;
            ushort entries = BinaryPrimitives.ReadUInt16LittleEndian(zip[(at + 10)..]);
            if (entries != 0xFFFF) return entries;
            // zip64: a 20-byte locator precedes the end record and points at the zip64 end record.
            int locator = at - 20;
            if (locator < 0 || BinaryPrimitives.ReadUInt32LittleEndian(zip[locator..]) != Zip64LocatorSignature) return entries;
            ulong end64 = BinaryPrimitives.ReadUInt64LittleEndian(zip[(locator + 8)..]);
            if (end64 > (ulong)(zip.Length - 56) || BinaryPrimitives.ReadUInt32LittleEndian(zip[(int)end64..]) != Zip64EndSignature)
                return long.MaxValue;   // a zip64 directory that cannot be found is not read at all
            ulong total = BinaryPrimitives.ReadUInt64LittleEndian(zip[((int)end64 + 32)..]);
            return total > long.MaxValue ? long.MaxValue : (long)total;
        }
        return null;
    }
}
