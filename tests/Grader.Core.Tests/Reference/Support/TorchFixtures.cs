using System.Text.Json;
using Grader.Core.Numerics;

namespace Grader.Core.Tests.Reference.Support;

/// <summary>One case of a PyTorch fixture file (see tools/fixtures/generate_reference_fixtures.py).</summary>
public sealed record FixtureCase(string File, string Name, string Op, JsonElement Args, JsonElement Expected)
{
    public NdArray Tensor(string arg) => TorchFixtures.ToArray(Args.GetProperty(arg));

    public NdArray? OptionalTensor(string arg) =>
        Args.TryGetProperty(arg, out var v) ? TorchFixtures.ToArray(v) : null;

    public bool Has(string arg) => Args.TryGetProperty(arg, out _);

    public int Int(string arg) => Args.GetProperty(arg).GetInt32();

    public double Double(string arg) => Args.GetProperty(arg).GetDouble();

    public int[] Ints(string arg) => Args.GetProperty(arg).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public JsonElement Arg(string arg) => Args.GetProperty(arg);

    public IEnumerable<(string Key, NdArray Value)> ExpectedTensors() =>
        Expected.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("shape", out _))
            .Select(p => (p.Name, TorchFixtures.ToArray(p.Value)));

    public override string ToString() => $"{File}:{Name}";
}

/// <summary>Loads the JSON fixtures copied next to the test assembly.</summary>
public static class TorchFixtures
{
    public static readonly string[] Files =
    [
        "convolution.json", "pooling.json", "activations.json", "softmax_losses.json",
        "dense_regression.json", "networks.json", "seed000_filters.json",
    ];

    private static readonly Dictionary<string, IReadOnlyList<FixtureCase>> Cache = new();

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "fixtures", "reference");

    public static IReadOnlyList<FixtureCase> Load(string file)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(file, out var cached)) return cached;
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, file)));
            var cases = document.RootElement.GetProperty("cases").EnumerateArray()
                .Select(c => new FixtureCase(file, c.GetProperty("name").GetString()!, c.GetProperty("op").GetString()!,
                    c.GetProperty("args").Clone(), c.GetProperty("expected").Clone()))
                .ToList();
            Cache[file] = cases;
            return cases;
        }
    }

    public static FixtureCase Get(string file, string name) => Load(file).Single(c => c.Name == name);

    /// <summary>xunit member data: (file, case name) for every case whose op is in <paramref name="ops"/> (all when empty).</summary>
    public static TheoryData<string, string> Cases(params string[] ops)
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Files)
            foreach (var c in Load(file))
                if (ops.Length == 0 || ops.Contains(c.Op))
                    data.Add(file, c.Name);
        return data;
    }

    public static NdArray ToArray(JsonElement tensor)
    {
        var shape = tensor.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var data = tensor.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        return new NdArray(shape, data);
    }
}
