using System.Diagnostics;
using Grader.Evaluation;
using Grader.Inference;

namespace Grader.Bench.Inference;

/// <summary>
/// sets: the GPU benchmark's figure (bench/gpu). Each entry of the GPU manifest (make_models.py
/// --set gpu) is a whole synthetic set (10,000 images at 32x32, 12,630 at 224x224) run end to
/// end as grading runs it: host float arrays in, host logits out, every image through
/// ICompiledModel.Run in batches, so the backend's host-to-device and device-to-host copies are
/// inside the time. The images cycle through a pool of distinct ones (SyntheticPool; the full
/// 224x224 set would be 7.6 GB), which torch_gpu_bench.py computes identically.
/// </summary>
public static class SetBenchmark
{
    public sealed record Result(
        string Model, int Images, int Batch, int Pool, string Backend, string Engine, bool Tf32,
        double ImagesPerS, double MedianImagesPerS, double[] PassSeconds, double CompileS, double WarmupS,
        bool PoolMatchesReference, double MaxAbsDiff, double ReferenceMaxAbs);

    public static int Run(Options options)
    {
        string work = options.String("work");
        int passes = options.Int("passes", 3);
        double maxSeconds = options.Double("max-s", 30);
        var backend = BenchBackend.Create(options);
        using var owned = backend as IDisposable;
        foreach (var m in BenchManifest.Load(work).Select(options.All("only")))
        {
            if (m.Images == 0) throw new OptionException($"{m.Name} has no set size: use the manifest of make_models.py --set gpu");
            int batch = options.Int("batch", m.Batch), images = options.Int("images", m.Images);
            // A smaller set (--images, smoke tests) needs no more distinct images than it runs.
            int pool = Math.Min(options.Int("pool", m.Pool), RoundUp(images, batch));
            if (pool % batch != 0) throw new OptionException($"--pool {pool} must be a multiple of --batch {batch}");
            JsonLine.Write(Measure(m, backend, options.OptionalInt("threads"), options.Flag("tf32"),
                work, images, batch, pool, passes, maxSeconds));
        }
        return 0;
    }

    private static Result Measure(BenchModel m, IInferenceBackend backend, int? threads, bool tf32,
        string work, int images, int batch, int pool, int passes, double maxSeconds)
    {
        int imageSize = m.ImageShape.Aggregate(1, (a, b) => a * b);
        Console.Error.WriteLine($"{m.Name}: generating {pool} pool images ...");
        var data = SyntheticPool.Generate(pool, imageSize, m.PoolSeed);
        var clock = Stopwatch.StartNew();
        using var net = backend.Compile(InferenceModel.LoadFile(Path.Combine(work, m.Onnx)),
            new CompileOptions { ImageShape = m.ImageShape, MaxBatch = batch, Threads = threads });
        double compile = clock.Elapsed.TotalSeconds;
        // The recorded reference: the first images of the pool and PyTorch's logits for them.
        var expected = BenchManifest.ReadFloats(Path.Combine(work, m.Output));
        int check = expected.Length / net.OutputSize;
        var output = new float[Math.Max(batch, check) * net.OutputSize];
        var recorded = BenchManifest.ReadFloats(Path.Combine(work, m.Input));
        bool poolMatches = recorded.AsSpan().SequenceEqual(data.AsSpan(0, recorded.Length));
        net.Run(data.AsSpan(0, check * imageSize), check, output);
        double diff = ModelsBenchmark.MaxAbsDiff(output.AsSpan(0, expected.Length), expected);

        // Warm-up (RoundTimer's, on full batches), plus the set's last, partial batch size once:
        // a new batch size may select new kernels or plans, which must not land in a pass.
        clock.Restart();
        RoundTimer.WarmUp(() => net.Run(data.AsSpan(0, batch * imageSize), batch, output));
        if (images % batch != 0) net.Run(data.AsSpan(0, images % batch * imageSize), images % batch, output);
        double warmup = clock.Elapsed.TotalSeconds;

        var seconds = new List<double>();
        var total = Stopwatch.StartNew();
        while (seconds.Count < passes && (seconds.Count == 0 || total.Elapsed.TotalSeconds < maxSeconds))
        {
            clock.Restart();
            for (int done = 0; done < images; done += batch)
            {
                int n = Math.Min(batch, images - done), first = done % pool;
                net.Run(data.AsSpan(first * imageSize, n * imageSize), n, output);
            }
            seconds.Add(clock.Elapsed.TotalSeconds);
            Console.Error.WriteLine($"{m.Name}: pass {seconds.Count}, {images / seconds[^1]:F1} images/s");
        }
        return new Result(m.Name, images, batch, pool, backend.Name, EngineInfo.Describe(backend), tf32,
            JsonLine.Round1(images / seconds.Min()), JsonLine.Round1(images / RoundTimer.Median(seconds)),
            [.. seconds.Select(s => Math.Round(s, 3))], Math.Round(compile, 2), Math.Round(warmup, 2),
            poolMatches, diff, expected.Max(Math.Abs));
    }

    private static int RoundUp(int n, int multiple) => (n + multiple - 1) / multiple * multiple;
}
