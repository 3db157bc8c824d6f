using System.Diagnostics;
using Grader.Core.Rubrics;
using Grader.Evaluation;

namespace Grader.Bench.Inference;

/// <summary>
/// gtsrb: the memory requirement. Evaluates a model over the imported (synthetic) GTSRB
/// test set exactly as grading does, through ModelEvaluator: store → bilinear resize to 224x224 →
/// ImageNet normalisation → batches of 64 → CpuBackend on all cores → confusion matrix. Reports
/// images/s and the process's peak RSS (VmHWM) at the end.
/// </summary>
public static class GtsrbBenchmark
{
    public sealed record Result(
        string Model, int Images, int Batch, double LoadS, double EvaluationS, double ImagesPerS,
        double PeakRssMib, double FinalRssMib, double Accuracy, string Engine);

    public static int Run(Options options)
    {
        string work = options.String("work"), modelPath = options.String("model");
        int count = options.Int("count", GtsrbPreparation.OfficialCount), batch = options.Int("batch", 64);
        string data = GtsrbPreparation.DataDirectory(work, count);
        var request = new ModelEvaluationRequest(File.ReadAllBytes(modelPath), "gtsrb", data, Preprocessing)
        {
            BatchSize = batch,
            Limit = options.OptionalInt("limit"),
            // Grading's default is 20 minutes; the benchmark must finish on a loaded 2-core machine.
            TimeLimit = TimeSpan.FromHours(2),
        };
        var result = ModelEvaluator.EvaluateAsync(request, new ConsoleProgress()).GetAwaiter().GetResult();
        JsonLine.Write(new Result(Path.GetFileName(modelPath), result.Total, batch,
            JsonLine.Round1(result.LoadTime.TotalSeconds), JsonLine.Round1(result.EvaluationTime.TotalSeconds),
            JsonLine.Round1(result.ImagesPerSecond), JsonLine.Round1(ProcessMemory.PeakRssMiB),
            JsonLine.Round1(ProcessMemory.CurrentRssMiB), Math.Round(result.Accuracy, 4), result.Engine));
        return 0;
    }

    /// <summary>Resize the whole image (no ROI crop) to 224x224 and normalise with the ImageNet
    /// statistics: the usual torchvision pipeline for a ResNet18 fine-tuned on GTSRB.</summary>
    private static ModelPreprocessing Preprocessing => new()
    {
        Resize = new PixelSize(224, 224),
        ScaleToUnitRange = true,
        Mean = [0.485, 0.456, 0.406],
        Std = [0.229, 0.224, 0.225],
    };

    /// <summary>Synchronous progress on stderr about every 10 %, with the RSS at that moment
    /// (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class ConsoleProgress : IProgress<EvaluationProgress>
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private int nextReport;

        public void Report(EvaluationProgress value)
        {
            if (value.ImagesDone < nextReport && value.ImagesDone < value.ImagesTotal) return;
            nextReport = value.ImagesDone + Math.Max(1, value.ImagesTotal / 10);
            double s = clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"{value.ImagesDone,6}/{value.ImagesTotal} images, {s,6:F1} s, "
                + $"{value.ImagesDone / Math.Max(s, 1e-9),6:F1} images/s, RSS {ProcessMemory.CurrentRssMiB:F0} MiB");
        }
    }
}
