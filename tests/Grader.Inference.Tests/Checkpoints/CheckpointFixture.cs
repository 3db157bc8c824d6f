using System.Text.Json;

namespace Grader.Inference.Tests.Checkpoints;

/// <summary>A state_dict written by tools/fixtures/generate_checkpoint_fixtures.py, with PyTorch's
/// own output for a fixed input.</summary>
public sealed record CheckpointFixture(string Name, int Batch, int[] ImageShape, int[] OutputShape, Dictionary<string, int[]> Keys)
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "fixtures", "checkpoints");

    public static string PathOf(string file) => Path.Combine(Directory, file);

    public static CheckpointFixture Load(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(PathOf(name + ".json")));
        var r = doc.RootElement;
        int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();
        return new CheckpointFixture(name, r.GetProperty("batch").GetInt32(), Ints(r.GetProperty("image_shape")),
            Ints(r.GetProperty("output_shape")),
            r.GetProperty("keys").EnumerateObject().ToDictionary(p => p.Name, p => Ints(p.Value)));
    }

    public byte[] Bytes(string extension = ".pt") => File.ReadAllBytes(PathOf(Name + extension));
    public float[] Input => ReadFloats(Name + ".input.bin");
    public float[] ExpectedOutput => ReadFloats(Name + ".output.bin");

    private static float[] ReadFloats(string file)
    {
        var bytes = File.ReadAllBytes(PathOf(file));
        var r = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, r, 0, bytes.Length);
        return r;
    }
}
