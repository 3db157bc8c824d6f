using Grader.Evaluation;
using Grader.Inference;

namespace Grader.Bench.Inference;

/// <summary>Our engine's column of the table: each model of models.json through CpuBackend (or
/// --backend cuda), with the same inputs, thread count and timing protocol as the peers. With
/// --peer onnxruntime, onnxruntime runs in this process on the same input array, its rounds
/// interleaved with ours (RoundTimer.MeasureInterleaved): one line per engine, and the ratio
/// measured side by side.</summary>
public static class ModelsBenchmark
{
    public sealed record Result(
        string Model, int Batch, string Engine, double ImagesPerS, double MedianImagesPerS, double[] Rounds,
        double MaxAbsDiff, double GflopsPerImage, double GflopsPerS, double ActivationMibPerImage, int Threads);

    public static int Run(Options options)
    {
        string work = options.String("work");
        int threads = options.Int("threads", 2);
        int rounds = options.Int("rounds", 5);
        double minRound = options.Double("min-round-s", 1.0);
        bool withOrt = options.String("peer", "none") switch
        {
            "none" => false,
            "onnxruntime" => true,
            var other => throw new OptionException($"--peer takes none or onnxruntime, not '{other}'"),
        };
        var backend = BenchBackend.Create(options);
        using var owned = backend as IDisposable;
        foreach (var m in BenchManifest.Load(work).Select(options.All("only")))
        {
            var model = InferenceModel.LoadFile(Path.Combine(work, m.Onnx), BenchManifest.Limits);
            using var net = backend.Compile(model, new CompileOptions { ImageShape = m.ImageShape, MaxBatch = m.Batch, Threads = threads });
            var input = BenchManifest.ReadFloats(Path.Combine(work, m.Input));
            var expected = BenchManifest.ReadFloats(Path.Combine(work, m.Output));
            var output = new float[m.Batch * net.OutputSize];
            var steps = new List<Action> { () => net.Run(input, m.Batch, output) };
            var engines = new List<(string Name, float[] Output)> { (EngineInfo.Describe(backend), output) };
            var ortOutput = new float[output.Length];
            using var ort = withOrt ? OrtPeerFor(work, m, input, ortOutput, threads) : null;
            if (ort != null)
            {
                steps.Add(ort.Run);
                engines.Add(($"onnxruntime {OrtPeer.Version} (in process)", ortOutput));
            }
            foreach (var step in steps) step();
            var diffs = engines.Select(e => MaxAbsDiff(e.Output, expected)).ToList();
            var rates = RoundTimer.MeasureInterleaved(steps, m.Batch, rounds, minRound);
            var cost = model.EstimateCost(m.ImageShape);
            double gflops = cost.FlopsPerImage / 1e9;
            for (int e = 0; e < engines.Count; e++)
                JsonLine.Write(new Result(m.Name, m.Batch, engines[e].Name, JsonLine.Round1(rates[e].Max()),
                    JsonLine.Round1(RoundTimer.Median(rates[e])), [.. rates[e].Select(JsonLine.Round1)], diffs[e],
                    Math.Round(gflops, 4), JsonLine.Round1(gflops * rates[e].Max()),
                    Math.Round(cost.ActivationBytesPerImage / 1048576.0, 2), threads));
            if (ort != null)
                Console.Error.WriteLine($"{m.Name}: Grader/ORT per round " +
                    string.Join(", ", rates[0].Zip(rates[1], (a, b) => $"{a / b:F2}")));
        }
        return 0;
    }

    private static OrtPeer OrtPeerFor(string work, BenchModel m, float[] input, float[] output, int threads) => new OrtPeer(Path.Combine(work, m.Onnx), input, [m.Batch, .. m.ImageShape.Select(d => (long)d)],
            output, [m.Batch, .. m.OutputShape.Select(d => (long)d)], threads);

    public static double MaxAbsDiff(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        if (actual.Length != expected.Length)
            throw new InvalidDataException($"{actual.Length} outputs, the recorded PyTorch output has {expected.Length}");
        double max = 0;
        for (int i = 0; i < actual.Length; i++) max = Math.Max(max, Math.Abs(actual[i] - expected[i]));
        return max;
    }
}
