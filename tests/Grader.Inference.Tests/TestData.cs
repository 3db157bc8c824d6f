namespace Grader.Inference.Tests;

internal static class TestData
{
    public static float[] Range(int n, float start = 1) => Enumerable.Range(0, n).Select(i => start + i).ToArray();

    public static float[] Random(int n, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
    }

    public static void Near(float[] expected, float[] actual, float tol = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tol * Math.Max(1, Math.Abs(expected[i]))))
                Assert.Fail($"at {i}: expected {expected[i]}, got {actual[i]}" +
                    (expected.Length <= 64 ? $" (expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}])" : ""));
    }

    /// <summary>The largest difference as a fraction of the expected output's scale (its largest magnitude).</summary>
    public static double DifferenceOfScale(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(v => Math.Abs((double)v)), diff = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
        return diff / Math.Max(scale, 1e-12);
    }
}
