using System.Buffers.Binary;

namespace Grader.Inference.Checkpoints;

/// <summary>The element types a state_dict's storages may hold; all become float32.</summary>
internal enum StorageType { Float32, Float16, BFloat16, Float64, Int64 }

internal static class StorageTypes
{
    /// <summary>The storage classes torch.save names in a pickle (torch.FloatStorage, ...).</summary>
    public static bool TryFromTorchName(string name, out StorageType type)
    {
        (bool ok, type) = name switch
        {
            "FloatStorage" => (true, StorageType.Float32),
            "HalfStorage" => (true, StorageType.Float16),
            "BFloat16Storage" => (true, StorageType.BFloat16),
            "DoubleStorage" => (true, StorageType.Float64),
            "LongStorage" => (true, StorageType.Int64),
            _ => (false, StorageType.Float32),
        };
        return ok;
    }

    /// <summary>The dtype names of the safetensors header.</summary>
    public static bool TryFromSafetensorsName(string name, out StorageType type)
    {
        (bool ok, type) = name switch
        {
            "F32" => (true, StorageType.Float32),
            "F16" => (true, StorageType.Float16),
            "BF16" => (true, StorageType.BFloat16),
            "F64" => (true, StorageType.Float64),
            "I64" => (true, StorageType.Int64),
            _ => (false, StorageType.Float32),
        };
        return ok;
    }

    public static int Size(StorageType type) => type switch
    {
        StorageType.Float16 or StorageType.BFloat16 => 2,
        StorageType.Float32 => 4,
        _ => 8,
    };

    /// <summary>Element <paramref name="index"/> of little-endian <paramref name="bytes"/> as float32.</summary>
    public static float Read(StorageType type, ReadOnlySpan<byte> bytes, long index) => type switch
    {
        StorageType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(checked((int)(index * 4)), 4)),
        StorageType.Float16 => (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.Slice(checked((int)(index * 2)), 2)),
        // bfloat16 is the top half of a float32.
        StorageType.BFloat16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(checked((int)(index * 2)), 2)) << 16),
        StorageType.Float64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(checked((int)(index * 8)), 8)),
        _ => BinaryPrimitives.ReadInt64LittleEndian(bytes.Slice(checked((int)(index * 8)), 8)),
    };
}
