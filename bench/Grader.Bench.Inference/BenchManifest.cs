using System.Buffers.Binary;
using System.Text.Json;

namespace Grader.Bench.Inference;

/// <summary>One entry of models.json, written by bench/inference/make_models.py. Images, Pool and
/// PoolSeed are set in the GPU benchmark's manifest only (make_models.py --set gpu): the size of
/// the synthetic set, and the pool of distinct images it cycles through (SyntheticPool).</summary>
public sealed record BenchModel(
    string Name, string Arch, string Onnx, string Input, string Output, int Batch, int[] ImageShape, int[] OutputShape,
    int Images = 0, int Pool = 0, long PoolSeed = 0);

/// <summary>models.json: the models and inputs all three runners share.</summary>
public sealed record BenchManifest(string Torch, IReadOnlyList<BenchModel> Models)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static BenchManifest Load(string workDirectory)
    {
        string path = Path.Combine(workDirectory, "models.json");
        if (!File.Exists(path))
            throw new OptionException($"{path} not found: run /usr/bin/python3 bench/inference/make_models.py first");
        return JsonSerializer.Deserialize<BenchManifest>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} is empty");
    }

    /// <summary>The entries named by --only (all when none is given).</summary>
    public IEnumerable<BenchModel> Select(IReadOnlyList<string> only)
    {
        var unknown = only.Except(Models.Select(m => m.Name)).ToList();
        if (unknown.Count > 0) throw new OptionException($"no model named {string.Join(", ", unknown)} in models.json");
        return Models.Where(m => only.Count == 0 || only.Contains(m.Name));
    }

    /// <summary>The benchmark's models are ours, not students' uploads: limits that admit ViT-B/16
    /// (343 MB, 86M parameters), the same the architecture tests use for their large networks.</summary>
    public static readonly Grader.Inference.Safety.ModelLimits Limits =
        new() { MaxParameters = 256_000_000, MaxFileBytes = 1L << 30, MaxFlopsPerImage = 40_000_000_000 };

    /// <summary>A little-endian float32 file as written by numpy's tofile("&lt;f4").</summary>
    public static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        return values;
    }
}
