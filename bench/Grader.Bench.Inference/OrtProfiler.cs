using System.Text.Json;

namespace Grader.Bench.Inference;

/// <summary>
/// onnxruntime's per-node kernel times for <c>profile --peer onnxruntime</c>: the median of
/// several profiled runs after one warm-up, read from the trace ORT writes. ORT renames nodes when
/// it fuses them and converts them to its blocked (NCHWc) layout, so each layer carries its op and
/// logical input/output shapes (and the weight shape, from which report.py derives FLOPs): that is
/// what report.py matches our layers on.
/// </summary>
public static class OrtProfiler
{
    public sealed record Layer(string Node, string Op, string InShape, string OutShape, string WShape, double Ms);
    public sealed record Result(string Model, int Batch, string Engine, double TotalMs, IReadOnlyList<Layer> Layers);

    public static Result Profile(string work, BenchModel m, float[] input, int runs, int threads)
    {
        var output = new float[m.Batch * m.OutputShape.Aggregate(1, (a, b) => a * b)];
        string trace;
        using (var peer = new OrtPeer(Path.Combine(work, m.Onnx), input, [m.Batch, .. m.ImageShape.Select(d => (long)d)],
                   output, [m.Batch, .. m.OutputShape.Select(d => (long)d)], threads, Path.Combine(work, $"ort-profile-{m.Name}")))
        {
            for (int r = 0; r <= runs; r++) peer.Run();
            trace = peer.EndProfiling();
        }
        using var events = JsonDocument.Parse(File.ReadAllText(trace));
        File.Delete(trace);
        var layers = Summarise(events.RootElement);
        return new Result(m.Name, m.Batch, $"onnxruntime {OrtPeer.Version} (in process)", Math.Round(layers.Sum(l => l.Ms), 3), layers);
    }

    private static List<Layer> Summarise(JsonElement events)
    {
        // Node events of the first model_run (the warm-up) are dropped.
        var runs = events.EnumerateArray()
            .Where(e => e.GetProperty("cat").GetString() == "Session" && e.GetProperty("name").GetString() == "model_run")
            .Select(e => (Start: e.GetProperty("ts").GetInt64(), End: e.GetProperty("ts").GetInt64() + e.GetProperty("dur").GetInt64()))
            .Skip(1).ToList();
        var times = new Dictionary<string, (Layer Layer, List<double> Ms)>();
        var order = new List<string>();
        foreach (var e in events.EnumerateArray())
        {
            string name = e.GetProperty("name").GetString()!;
            if (e.GetProperty("cat").GetString() != "Node" || !name.EndsWith("_kernel_time", StringComparison.Ordinal)) continue;
            long ts = e.GetProperty("ts").GetInt64();
            if (!runs.Any(r => ts >= r.Start && ts <= r.End)) continue;
            if (!times.TryGetValue(name, out var entry))
            {
                var args = e.GetProperty("args");
                entry = (new Layer(name[..^"_kernel_time".Length], args.GetProperty("op_name").GetString()!,
                    Shape(args, "input_type_shape", 0), Shape(args, "output_type_shape", 0), Shape(args, "input_type_shape", 1), 0), []);
                times[name] = entry;
                order.Add(name);
            }
            entry.Ms.Add(e.GetProperty("dur").GetInt64() / 1000.0);
        }
        return [.. order.Select(n => times[n].Layer with { Ms = Math.Round(RoundTimer.Median(times[n].Ms), 4) })];
    }

    /// <summary>ORT writes each shape as [{"float": [dims]}]: "d0xd1x..."; "" where there is none.</summary>
    private static string Shape(JsonElement args, string property, int index)
    {
        if (!args.TryGetProperty(property, out var list) || list.GetArrayLength() <= index) return "";
        foreach (var typed in list[index].EnumerateObject())
            return string.Join("x", typed.Value.EnumerateArray().Select(d => d.GetInt64()));
        return "";
    }
}
