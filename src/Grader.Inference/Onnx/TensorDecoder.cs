using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Grader.Inference.Graph;
using Grader.Inference.Onnx.Proto;

namespace Grader.Inference.Onnx;

/// <summary>Turns TensorProto (initializers, Constant values) into <see cref="TensorData"/>,
/// checking declared sizes against the bytes actually present before allocating anything.</summary>
internal static class TensorDecoder
{
    public static TensorData Decode(TensorProto t, string what)
    {
        string name = string.IsNullOrEmpty(t.Name) ? what : $"'{t.Name}'";
        if (t.DataLocation == TensorProto.Types.DataLocation.External || t.ExternalData.Count > 0)
        {
            string file = t.ExternalData.FirstOrDefault(e => e.Key == "location")?.Value ?? "?";
            throw new ModelLoadException($"tensor {name} refers to external data file '{file}': external data is not accepted; export the model as a single .onnx file");
        }
        if (t.Segment is not null) throw new ModelLoadException($"tensor {name} is segmented, which is not supported");

        var shape = new int[t.Dims.Count];
        for (int i = 0; i < shape.Length; i++)
        {
            long d = t.Dims[i];
            if (d < 0 || d > ShapeMath.MaxElements)
                throw new ModelLoadException($"tensor {name} declares dimension {d}, which is out of range");
            shape[i] = (int)d;
        }
        long count;
        try { count = ShapeMath.Count(shape); }
        catch (ModelLoadException) { throw new ModelLoadException($"tensor {name} declares shape {ShapeMath.Format(shape)}, which is too large"); }

        var raw = t.HasRawData ? t.RawData.Span : default;
        switch (t.DataType)
        {
            case (int)TensorProto.Types.DataType.Float:
                {
                    var data = new float[CheckCount(name, count, t.HasRawData, raw.Length, 4, t.FloatData.Count)];
                    if (t.HasRawData) CopyLittleEndian(raw, MemoryMarshal.AsBytes(data.AsSpan()));
                    else t.FloatData.CopyTo(data, 0);
                    return TensorData.FromFloats(shape, data);
                }
            case (int)TensorProto.Types.DataType.Double:
                {
                    var data = new float[CheckCount(name, count, t.HasRawData, raw.Length, 8, t.DoubleData.Count)];
                    for (int i = 0; i < data.Length; i++)
                        data[i] = (float)(t.HasRawData ? BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(i * 8)) : t.DoubleData[i]);
                    return TensorData.FromFloats(shape, data);
                }
            case (int)TensorProto.Types.DataType.Int64:
                {
                    var data = new long[CheckCount(name, count, t.HasRawData, raw.Length, 8, t.Int64Data.Count)];
                    for (int i = 0; i < data.Length; i++)
                        data[i] = t.HasRawData ? BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(i * 8)) : t.Int64Data[i];
                    return TensorData.FromLongs(shape, data);
                }
            case (int)TensorProto.Types.DataType.Int32:
            case (int)TensorProto.Types.DataType.Int16:
            case (int)TensorProto.Types.DataType.Int8:
            case (int)TensorProto.Types.DataType.Uint8:
            case (int)TensorProto.Types.DataType.Bool:
                {
                    // Small integer types only ever appear as shape/flag constants: widen to int64.
                    int size = t.DataType switch { 6 => 4, 5 => 2, _ => 1 };
                    var data = new long[CheckCount(name, count, t.HasRawData, raw.Length, size, t.Int32Data.Count)];
                    for (int i = 0; i < data.Length; i++)
                        data[i] = !t.HasRawData ? t.Int32Data[i] : t.DataType switch
                        {
                            6 => BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(i * 4)),
                            5 => BinaryPrimitives.ReadInt16LittleEndian(raw.Slice(i * 2)),
                            3 => (sbyte)raw[i],
                            _ => raw[i],
                        };
                    return TensorData.FromLongs(shape, data);
                }
            default:
                throw new ModelLoadException($"tensor {name} has element type {ElementTypeNames.OnnxName(t.DataType)}; only float32 weights and integer shape constants are accepted");
        }
    }

    private static int CheckCount(string name, long count, bool hasRaw, int rawBytes, int elementSize, int typedCount)
    {
        long have = hasRaw ? rawBytes / elementSize : typedCount;
        if (hasRaw && rawBytes % elementSize != 0 || have != count)
            throw new ModelLoadException($"tensor {name} declares {count} elements but its data holds {(hasRaw ? rawBytes + " bytes" : typedCount + " values")}");
        return (int)count;
    }

    private static void CopyLittleEndian(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts are not supported");
        src.CopyTo(dst);
    }
}
