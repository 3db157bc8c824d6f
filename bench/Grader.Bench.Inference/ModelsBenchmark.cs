using Grader.Evaluation;
using Grader.Inference;

namespace Grader.Bench.Inference;

/// <summary>Our engine's column of the table: each model of models.json through CpuBackend (or
/// --backend cuda), with the same inputs, thread count and timing protocol as the peers.</summary>
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
        var backend = BenchBackend.Create(options);
        using var owned = backend as IDisposable;
        foreach (var m in BenchManifest.Load(work).Select(options.All("only")))
        {
            var model = InferenceModel.LoadFile(Path.Combine(work, m.Onnx));
            using var net = backend.Compile(model, new CompileOptions { ImageShape = m.ImageShape, MaxBatch = m.Batch, Threads = threads });
            var input = BenchManifest.ReadFloats(Path.Combine(work, m.Input));
            var expected = BenchManifest.ReadFloats(Path.Combine(work, m.Output));
            var output = new float[m.Batch * net.OutputSize];
            net.Run(input, m.Batch, output);
            double diff = MaxAbsDiff(output, expected);
            var rates = RoundTimer.Measure(() => net.Run(input, m.Batch, output), m.Batch, rounds, minRound);
            var cost = model.EstimateCost(m.ImageShape);
            double gflops = cost.FlopsPerImage / 1e9;
            JsonLine.Write(new Result(m.Name, m.Batch, EngineInfo.Describe(backend), JsonLine.Round1(rates.Max()),
                JsonLine.Round1(RoundTimer.Median(rates)), [.. rates.Select(JsonLine.Round1)], diff,
                Math.Round(gflops, 4), JsonLine.Round1(gflops * rates.Max()),
                Math.Round(cost.ActivationBytesPerImage / 1048576.0, 2), threads));
        }
        return 0;
    }

    public static double MaxAbsDiff(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        if (actual.Length != expected.Length)
            throw new InvalidDataException($"{actual.Length} outputs, the recorded PyTorch output has {expected.Length}");
        double max = 0;
        for (int i = 0; i < actual.Length; i++) max = Math.Max(max, Math.Abs(actual[i] - expected[i]));
        return max;
    }
}
