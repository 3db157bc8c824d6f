namespace Grader.Bench.Inference;

/// <summary>
/// The GPU benchmark's synthetic images, bit for bit those of bench/inference/pool.py (the
/// PyTorch runner computes the same pool, and make_models.py recorded the logits of its first
/// images). Element j of the pool is a hash of j and the seed mapped to a multiple of 2^-22 in
/// [-2, 2): exact in float32, so both languages agree exactly.
/// </summary>
public static class SyntheticPool
{
    private const uint Multiplier = 2654435761, Mix = 0x45D9F3B;

    /// <summary><paramref name="count"/> images of <paramref name="imageSize"/> floats each, NCHW, contiguous.</summary>
    public static float[] Generate(int count, int imageSize, long seed)
    {
        var pool = new float[(long)count * imageSize];
        // pool.py works mod 2^32 in int64; uint arithmetic wraps to the same values.
        uint s = unchecked((uint)seed);
        Parallel.For(0, count, image =>
        {
            long first = (long)image * imageSize;
            var span = pool.AsSpan((int)first, imageSize);
            for (int i = 0; i < span.Length; i++)
            {
                uint h = unchecked((uint)(first + i) * Multiplier + s);
                h ^= h >> 16;
                h = unchecked(h * Mix);
                h ^= h >> 16;
                span[i] = ((int)(h >> 8) - (1 << 23)) / 4194304f;
            }
        });
        return pool;
    }
}
