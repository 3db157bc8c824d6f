using System.Buffers.Binary;
using Grader.Inference.Safety;

namespace Grader.Inference.Checkpoints;

/// <summary>
/// torch.save's format before PyTorch 1.6 (and with _use_new_zipfile_serialization=False): five
/// pickles in a row (magic number, protocol 1001, sys_info, the state_dict, the storage keys),
/// then each storage as an int64 element count and its raw bytes, in the order of the keys. The
/// state_dict pickle is run twice: once to learn the storages' types, once to build the tensors.
/// </summary>
internal static class LegacyTorchReader
{
    /// <summary>pickle.dumps(0x1950a86a20f9469cfc6c, protocol=2)</summary>
    private static readonly byte[] Magic = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e];

    public static bool IsLegacy(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Magic);

    public static StateDict Read(byte[] bytes, ModelLimits limits)
    {
        long max = limits.MaxParameters;
        static ReadOnlyMemory<byte> NoStorage(string key, StorageType type, long numel) =>
            throw new ModelLoadException("checkpoint: a storage appears outside the state_dict pickle");
        int pos = Magic.Length;
        if (PickleReader.Run(bytes, pos, NoStorage, max, false, out pos) is not 1001L)
            throw new ModelLoadException("checkpoint: unknown legacy torch.save protocol version");
        if (PickleReader.Run(bytes, pos, NoStorage, max, false, out pos) is not PickleReader.PyDict sysInfo
            || !sysInfo.Items.Any(kv => "little_endian".Equals(kv.Key) && true.Equals(kv.Value)))
            throw new ModelLoadException("checkpoint: only little-endian legacy files are supported");

        int mainStart = pos;
        var types = new Dictionary<string, (StorageType Type, long Numel)>(StringComparer.Ordinal);
        PickleReader.Run(bytes, mainStart, (key, type, numel) =>
        {
            types[key] = (type, numel);
            return ReadOnlyMemory<byte>.Empty;
        }, max, structureOnly: true, out pos);

        if (PickleReader.Run(bytes, pos, NoStorage, max, false, out pos) is not List<object?> keys || keys.Any(k => k is not string))
            throw new ModelLoadException("checkpoint: the legacy storage key list is malformed");
        var data = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (string key in keys.Cast<string>())
        {
            if (!types.TryGetValue(key, out var t) || data.ContainsKey(key))
                throw new ModelLoadException($"checkpoint: storage '{key}' is listed but not used once by the state_dict");
            if (bytes.Length - pos < 8) throw new ModelLoadException($"checkpoint: storage '{key}' is truncated");
            long numel = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(pos));
            pos += 8;
            long length = numel >= 0 && numel <= max ? numel * StorageTypes.Size(t.Type) : -1;
            if (length < 0 || length > bytes.Length - pos)
                throw new ModelLoadException($"checkpoint: storage '{key}' declares {numel:N0} elements, past the end of the file (truncated?)");
            data[key] = bytes.AsMemory(pos, (int)length);
            pos += (int)length;
        }
        var result = PickleReader.Run(bytes, mainStart, (key, type, numel) =>
            data.TryGetValue(key, out var d) ? d : throw new ModelLoadException($"checkpoint: storage '{key}' is missing (truncated file?)"),
            max, structureOnly: false, out _);
        return StateDictResult.FromPickle(result);
    }
}
