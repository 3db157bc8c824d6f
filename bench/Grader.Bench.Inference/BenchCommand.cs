using Grader.Inference.Cuda;

namespace Grader.Bench.Inference;

/// <summary>Picks the mode from the first argument; every mode prints JSON lines on stdout and
/// progress on stderr, so run.sh can parse stdout alone.</summary>
public static class BenchCommand
{
    private const string Usage = """
        usage: Grader.Bench.Inference <mode> [options]
          models      --work DIR [--only NAME]... [--rounds 5] [--min-round-s 1.0] [--threads 2] [--peer none|onnxruntime]
                      throughput of every model in DIR/models.json through CpuBackend, and max |diff| vs PyTorch;
                      --peer onnxruntime: onnxruntime in this process, rounds interleaved with ours
          profile     --work DIR [--only NAME]... [--repeat 5] [--top 8] [--threads 2] [--chunk C] [--peer none|onnxruntime]
                      per-layer times (CpuCompiledModel.Profile), summed by operator and the slowest layers;
                      --peer onnxruntime: onnxruntime's per-node times instead (its profiler)
          gtsrb-make  --work DIR [--count 12630] [--seed 1]
                      synthetic GTSRB test archives in the official layout, imported into DIR/gtsrb-COUNT/data
          gtsrb       --work DIR --model FILE [--count 12630] [--limit N] [--batch 64]
                      evaluates FILE (3x224x224 input) over the imported set through ModelEvaluator
          sets        --work DIR [--only NAME]... [--images N] [--batch B] [--pool P] [--passes 3] [--max-s 30] [--threads N]
                      end-to-end images/s over whole synthetic sets (manifest of make_models.py --set gpu)
          resize      --work DIR [--size 32] [--method pil-bilinear]... [--count 12630] [--rounds 3]
                      images/s of each resize method over a GTSRB-sized set (bench/resize/run.sh adds Pillow)
        models and sets also take [--backend cpu|cuda] [--tf32] (TF32 tensor cores, cuda only).
        """;

    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        try
        {
            var options = Options.Parse(args.AsSpan(1));
            return args[0] switch
            {
                "models" => ModelsBenchmark.Run(options),
                "profile" => LayerProfiler.Run(options),
                "gtsrb-make" => GtsrbPreparation.Run(options),
                "gtsrb" => GtsrbBenchmark.Run(options),
                "sets" => SetBenchmark.Run(options),
                "resize" => ResizeBenchmark.Run(options),
                _ => Fail($"unknown mode '{args[0]}'\n{Usage}"),
            };
        }
        catch (OptionException e)
        {
            return Fail($"{e.Message}\n{Usage}");
        }
        catch (CudaUnavailableException e)
        {
            // Exit code 3 (not 2, a usage error): bench/gpu/run-device.sh records it as "no GPU".
            Console.Error.WriteLine($"--backend cuda: no usable GPU: {e.Message}");
            return 3;
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
