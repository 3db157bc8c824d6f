namespace Grader.Inference.Cuda.Tests.Emulation;

/// <summary>Random inputs and tolerant comparisons for the emulated kernels.</summary>
internal static class Reference
{
    /// <summary>Values in [-2, 2), with exact zeros and ties mixed in (activation and max edges).</summary>
    public static float[] Random(int length, int seed)
    {
        var rng = new Random(seed);
        var v = new float[length];
        for (int i = 0; i < v.Length; i++)
            v[i] = rng.Next(16) switch { 0 => 0f, 1 => 1f, _ => (float)(rng.NextDouble() * 4 - 2) };
        return v;
    }

    /// <summary>Every element within tolerance of the reference; NaN (never written) always fails.</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string context, float tolerance = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float e = expected[i], a = actual[i];
            bool same = e.Equals(a) || Math.Abs(e - a) <= tolerance * (1 + Math.Abs(e));
            if (!same) Assert.Fail($"{context}: element {i} is {a}, expected {e}");
        }
    }
}
