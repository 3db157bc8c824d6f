using System.Buffers.Binary;
using System.Text.Json;
using Grader.Inference.Safety;

namespace Grader.Inference.Checkpoints;

/// <summary>
/// safetensors: an 8-byte little-endian header length, a JSON header
/// <c>{ name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__": {...} }</c>, then the
/// raw data. Every tensor's byte range must match its dtype and shape and lie inside the data.
/// </summary>
internal static class SafetensorsReader
{
    private const long MaxHeaderBytes = 100L << 20;

    public static StateDict Read(byte[] bytes, ModelLimits limits)
    {
        if (bytes.Length < 8) throw Fail("the file is shorter than its 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(bytes.Length - 8))
            throw Fail($"the header length {headerLength:N0} is past the end of the {bytes.Length:N0}-byte file (truncated or not safetensors)");
        var data = bytes.AsMemory(8 + (int)headerLength);
        JsonDocument header;
        try
        {
            header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Fail($"the header is not valid JSON ({e.Message})");
        }
        using (header)
        {
            if (header.RootElement.ValueKind != JsonValueKind.Object) throw Fail("the header is not a JSON object");
            var tensors = new List<(string Name, long Begin, CheckpointTensor Tensor)>();
            long total = 0;
            foreach (var p in header.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__") continue;
                var t = ReadTensor(p.Name, p.Value, data.Span, limits);
                total += t.Tensor.Data.Length;
                if (total > limits.MaxParameters) throw Fail($"the file holds more than {limits.MaxParameters:N0} parameters");
                tensors.Add((p.Name, t.Begin, t.Tensor));
            }
            var sd = new StateDict();
            // The header is a JSON object (unordered); data order is the file's own order.
            foreach (var (name, _, tensor) in tensors.OrderBy(t => t.Begin)) sd.Add(name, tensor);
            return sd;
        }
    }

    private static (long Begin, CheckpointTensor Tensor) ReadTensor(string name, JsonElement e, ReadOnlySpan<byte> data, ModelLimits limits)
    {
        try
        {
            if (e.ValueKind != JsonValueKind.Object) throw Fail($"'{name}' is not an object in the header");
            string dtype = e.GetProperty("dtype").GetString() ?? "";
            if (!StorageTypes.TryFromSafetensorsName(dtype, out var type))
                throw Fail($"'{name}' has dtype {dtype}; supported: F32, F16, BF16, F64, I64");
            var shape = e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = e.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > data.Length)
                throw Fail($"'{name}' has data_offsets [{string.Join(", ", offsets)}] outside the {data.Length:N0} data bytes");
            long numel = (offsets[1] - offsets[0]) / StorageTypes.Size(type);
            long declared = 1;
            try
            {
                foreach (var d in shape) declared = checked(declared * d);
            }
            catch (OverflowException)
            {
                throw Fail($"'{name}': the declared shape {TensorRebuild.Format(shape)} overflows");
            }
            if (shape.Any(d => d < 0) || declared * StorageTypes.Size(type) != offsets[1] - offsets[0])
                throw Fail($"'{name}': shape {TensorRebuild.Format(shape)} of {dtype} does not match its {offsets[1] - offsets[0]:N0} data bytes");
            var stride = new long[shape.Length];
            for (int d = shape.Length - 1, s = 1; d >= 0; s *= (int)shape[d], d--) stride[d] = s;
            var storage = data.Slice((int)offsets[0], (int)(offsets[1] - offsets[0]));
            return (offsets[0], TensorRebuild.FromStorage(type, storage, numel, 0, shape, stride, limits.MaxParameters, $"'{name}'"));
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Fail($"'{name}' lacks a valid dtype, shape or data_offsets ({ex.Message})");
        }
    }

    private static ModelLoadException Fail(string message) => new($"safetensors: {message}");
}
