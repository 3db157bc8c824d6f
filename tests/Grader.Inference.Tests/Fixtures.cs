using System.Text.Json;

namespace Grader.Inference.Tests;

/// <summary>A PyTorch reference case written by tools/fixtures/generate_onnx_fixtures.py.</summary>
public sealed record Fixture(string Name, int Opset, int Batch, int[] ImageShape, int[] OutputShape, bool DynamicBatch, long Parameters)
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "fixtures", "onnx");

    public static Fixture Load(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name + ".json")));
        var r = doc.RootElement;
        return new Fixture(name, r.GetProperty("opset").GetInt32(), r.GetProperty("batch").GetInt32(),
            r.GetProperty("image_shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            r.GetProperty("output_shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            r.GetProperty("dynamic_batch").GetBoolean(), r.GetProperty("parameters").GetInt64());
    }

    public byte[] ModelBytes => File.ReadAllBytes(Path.Combine(Directory, Name + ".onnx"));
    public float[] Input => ReadFloats(Name + ".input.bin");
    public float[] ExpectedOutput => ReadFloats(Name + ".output.bin");

    private static float[] ReadFloats(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Directory, file));
        var r = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, r, 0, bytes.Length);
        return r;
    }

    public static IEnumerable<object[]> All() =>
        System.IO.Directory.GetFiles(Directory, "*.json").Select(Path.GetFileNameWithoutExtension).Order().Select(n => new object[] { n! });
}

/// <summary>Comparison of a backend's outputs with PyTorch's (or another backend's).</summary>
public static class Outputs
{
    /// <summary>Largest absolute difference within <paramref name="relTol"/> of the largest expected magnitude.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, double relTol = 1e-4)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxAbs = 0, maxDiff = 0;
        int worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(expected[i]));
            double d = Math.Abs(expected[i] - actual[i]);
            if (!(d <= maxDiff)) { maxDiff = d; worst = i; }
        }
        double rel = maxDiff / Math.Max(maxAbs, 1e-12);
        Assert.True(rel <= relTol, $"{what}: max abs diff {maxDiff:G4} at {worst} (expected {expected[worst]}, got {actual[worst]}) is {rel:G3} of output scale {maxAbs:G4}");
    }
}
