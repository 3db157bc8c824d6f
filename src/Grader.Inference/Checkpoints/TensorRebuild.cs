namespace Grader.Inference.Checkpoints;

/// <summary>
/// A view (offset, size, stride) into a storage, checked and copied out as contiguous float32.
/// Every bound is verified with overflow-checked arithmetic before any element is read, so a
/// hostile size, stride or offset is an error message, never an out-of-range read.
/// </summary>
internal static class TensorRebuild
{
    public static CheckpointTensor FromStorage(StorageType type, ReadOnlySpan<byte> storage, long numel,
        long offset, long[] size, long[] stride, long maxElements, string what)
    {
        if (size.Length != stride.Length)
            throw new ModelLoadException($"{what}: size has {size.Length} dims but stride {stride.Length}");
        if (size.Length > 8) throw new ModelLoadException($"{what}: {size.Length} dimensions; at most 8 are supported");
        if (offset < 0) throw new ModelLoadException($"{what}: negative storage offset {offset}");
        long count = 1, lastIndex = offset;
        try
        {
            for (int d = 0; d < size.Length; d++)
            {
                if (size[d] < 0 || stride[d] < 0)
                    throw new ModelLoadException($"{what}: negative size or stride ({Format(size)}, stride {Format(stride)})");
                if (size[d] > int.MaxValue) throw new OverflowException();
                count = checked(count * size[d]);
                if (size[d] > 0) lastIndex = checked(lastIndex + checked((size[d] - 1) * stride[d]));
            }
        }
        catch (OverflowException)
        {
            throw new ModelLoadException($"{what}: the declared size {Format(size)} overflows");
        }
        if (count > maxElements)
            throw new ModelLoadException($"{what}: {count:N0} elements exceeds the limit of {maxElements:N0} parameters");
        if (count > 0 && lastIndex >= numel)
            throw new ModelLoadException($"{what}: size {Format(size)} at storage offset {offset} reaches element {lastIndex:N0}, past the end of its storage of {numel:N0}");
        if (numel > storage.Length / StorageTypes.Size(type))
            throw new ModelLoadException($"{what}: its storage declares {numel:N0} elements but holds only {storage.Length / StorageTypes.Size(type):N0} (truncated file?)");

        var data = new float[count];
        var shape = size.Select(s => (int)s).ToArray();
        if (type == StorageType.Float32 && IsContiguous(size, stride))
        {
            // The usual case: a little-endian float32 block copied as is.
            var block = storage.Slice(checked((int)(offset * 4)), checked((int)(count * 4)));
            if (BitConverter.IsLittleEndian) block.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
            else for (int i = 0; i < count; i++) data[i] = StorageTypes.Read(type, block, i);
            return new CheckpointTensor(shape, data, "float32");
        }
        var index = new long[size.Length];
        for (long i = 0; i < count; i++)
        {
            long src = offset;
            for (int d = 0; d < size.Length; d++) src += index[d] * stride[d];
            data[i] = StorageTypes.Read(type, storage, src);
            for (int d = size.Length - 1; d >= 0; d--)
            {
                if (++index[d] < size[d]) break;
                index[d] = 0;
            }
        }
        return new CheckpointTensor(shape, data, type.ToString().ToLowerInvariant());
    }

    private static bool IsContiguous(long[] size, long[] stride)
    {
        long expected = 1;
        for (int d = size.Length - 1; d >= 0; d--)
        {
            if (size[d] != 1 && stride[d] != expected) return false;
            expected *= size[d];
        }
        return true;
    }

    public static string Format(long[] dims) => $"[{string.Join(", ", dims)}]";
}
