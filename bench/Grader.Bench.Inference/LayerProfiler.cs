using Grader.Inference;
using Grader.Inference.Cpu;

namespace Grader.Bench.Inference;

/// <summary>
/// Where our engine spends its time: the compiled model's Profile times every kernel of one batch
/// (on the GPU with --backend cuda: CUDA events between kernels);
/// the median of several profiled runs per kernel (after the same warm-up as the throughput
/// runs) is summed by operator type and the slowest kernels are listed; every kernel is also
/// listed with its logical input and output shapes, on which report.py matches the
/// per-node times onnxruntime reports for the same model (--peer onnxruntime: OrtProfiler).
/// </summary>
public static class LayerProfiler
{
    public sealed record OpShare(string Op, int Kernels, double Ms, double Share);
    public sealed record Layer(string Node, string Op, string InShape, string OutShape, string Detail, double Ms, double Share);
    public sealed record Result(string Model, int Batch, string Engine, double TotalMs, IReadOnlyList<OpShare> ByOp,
        IReadOnlyList<Layer> TopLayers, IReadOnlyList<Layer> Layers);

    public static int Run(Options options)
    {
        string work = options.String("work");
        int repeat = options.Int("repeat", 5), top = options.Int("top", 8), threads = options.Int("threads", 2);
        bool ort = options.String("peer", "none") switch
        {
            "none" => false,
            "onnxruntime" => true,
            var other => throw new OptionException($"--peer takes none or onnxruntime, not '{other}'"),
        };
        var backend = BenchBackend.Create(options);
        foreach (var m in BenchManifest.Load(work).Select(options.All("only")))
        {
            if (ort)
            {
                JsonLine.Write(OrtProfiler.Profile(work, m, BenchManifest.ReadFloats(Path.Combine(work, m.Input)), repeat, threads));
                continue;
            }
            var model = InferenceModel.LoadFile(Path.Combine(work, m.Onnx), BenchManifest.Limits);
            using var net = backend.Compile(model, new CompileOptions { ImageShape = m.ImageShape, MaxBatch = m.Batch, Threads = threads });
            var profiled = (IProfiledModel)net;
            // The GPU set records only a few reference images: repeat them to fill the batch.
            var recorded = BenchManifest.ReadFloats(Path.Combine(work, m.Input));
            var input = Enumerable.Range(0, m.Batch * net.ImageSize).Select(i => recorded[i % recorded.Length]).ToArray();
            RoundTimer.Measure(() => net.Run(input, m.Batch, new float[m.Batch * net.OutputSize]), m.Batch, 1, 0);
            // --chunk C: the batch as batch/C plans of C images, as Run does for small models
            // (CpuCompiledModel's cache-sized chunks); each layer's time summed over the chunks.
            int chunk = Math.Min(options.Int("chunk", m.Batch), m.Batch);
            var runs = Enumerable.Range(0, repeat).Select(_ => InChunks(profiled, input, m.Batch, chunk, net.ImageSize)).ToList();
            JsonLine.Write(Summarise(m, runs, top, backend.Name));
        }
        return 0;
    }

    private static IReadOnlyList<LayerTiming> InChunks(IProfiledModel profiled, float[] input, int batch, int chunk, int imageSize)
    {
        IReadOnlyList<LayerTiming>? sum = null;
        for (int start = 0; start < batch; start += chunk)
        {
            int n = Math.Min(chunk, batch - start);
            var part = profiled.Profile(input.AsSpan(start * imageSize, n * imageSize), n);
            sum = sum is null ? part : [.. sum.Zip(part, (a, b) => a with { Milliseconds = a.Milliseconds + b.Milliseconds })];
        }
        return sum!;
    }

    private static Result Summarise(BenchModel m, IReadOnlyList<IReadOnlyList<LayerTiming>> runs, int top, string engine)
    {
        // Kernels are in the same order in every run of one plan; the median per kernel discards
        // a run disturbed by another process.
        var medians = runs[0].Select((k, i) => RoundTimer.Median(runs.Select(r => r[i].Milliseconds).ToList())).ToList();
        double total = medians.Sum();
        var layers = runs[0].Select((k, i) => Describe(k, medians[i], total)).ToList();
        var byOp = layers.GroupBy(l => l.Op)
            .Select(g => new OpShare(g.Key, g.Count(), Math.Round(g.Sum(l => l.Ms), 3), Math.Round(g.Sum(l => l.Ms) / total, 3)))
            .OrderByDescending(o => o.Ms).ToList();
        var slowest = layers.OrderByDescending(l => l.Ms).Take(top).ToList();
        return new Result(m.Name, m.Batch, engine, Math.Round(total, 3), byOp, slowest, layers);
    }

    /// <summary>Profile's detail reads "IN [IN2 ...] -> OUT KernelClass": the first input is the
    /// layer's data input (a second one is a residual fused into the kernel).</summary>
    private static Layer Describe(LayerTiming k, double ms, double total)
    {
        var halves = k.Detail.Split(" -> ", 2);
        string inShape = halves[0].Split(' ')[0], outShape = halves.Length > 1 ? halves[1].Split(' ')[0] : "";
        return new Layer(k.Node, k.OpType, inShape, outShape, k.Detail, Math.Round(ms, 3), Math.Round(ms / total, 3));
    }
}
