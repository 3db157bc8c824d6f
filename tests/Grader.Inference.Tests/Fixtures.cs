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
