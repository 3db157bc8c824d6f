using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Grader.Core.Rubrics;
using Grader.Evaluation;
using Grader.Inference.Cpu;
using Grader.Worker.Sandbox;
using Grader.Worker.Sandbox.Launch;

namespace Grader.Bench.Sandbox;

/// <summary>
/// The same evaluation in this process (warm: the engine's code already compiled, as in a worker
/// that has run one before) and in a fresh sandbox child (start, runtime, model transfer, its
/// own compilation, exit), interleaved A B B A so that a neighbour's load falls on both alike.
/// One JSON line per evaluation on stdout, then a summary line; progress on stderr.
/// </summary>
public static class SandboxOverhead
{
    private sealed record Run(string Mode, int Round, double TotalS, double LoadS, double EvaluationS, int Images, int Correct, string Load);

    private sealed record Summary(string Model, string Dataset, string Sandbox, int Rounds, double InProcessS, double SandboxedS,
        double OverheadS, double Ratio, double StartupS, string Machine);

    public static async Task<int> RunAsync(string[] args)
    {
        var model = new Option<string>("--model") { Required = true };
        var dataset = new Option<string>("--dataset") { Required = true };
        var data = new Option<string>("--data") { Required = true, Description = "Data directory holding the imported set." };
        var resize = new Option<string?>("--resize");
        var mean = new Option<string?>("--mean");
        var std = new Option<string?>("--std");
        var rounds = new Option<int>("--rounds") { DefaultValueFactory = _ => 3 };
        var limit = new Option<int?>("--limit");
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 64 };
        var isolation = new Option<SandboxChoice>("--sandbox") { DefaultValueFactory = _ => SandboxChoice.Auto };
        var command = new RootCommand("Sandbox overhead per evaluation") { model, dataset, data, resize, mean, std, rounds, limit, batch, isolation };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new ModelEvaluationRequest(await File.ReadAllBytesAsync(parse.GetValue(model)!, cancellationToken),
                parse.GetValue(dataset)!, Path.GetFullPath(parse.GetValue(data)!), new ModelPreprocessing
                {
                    Resize = parse.GetValue(resize) is { } r && PixelSize.TryParse(r, out var size) ? size : null,
                    Mean = Numbers(parse.GetValue(mean)),
                    Std = Numbers(parse.GetValue(std)),
                })
            {
                Backend = new CpuBackend(),
                BatchSize = parse.GetValue(batch),
                Limit = parse.GetValue(limit),
                // A loaded 2-core machine must finish a GTSRB-sized set.
                TimeLimit = TimeSpan.FromHours(3),
            };
            var limits = new SandboxLimits { TimeLimit = request.TimeLimit };
            var sandbox = new ModelSandbox(new SandboxLauncher(SandboxSetup.Settings(parse.GetValue(isolation), limits, request.DataDirectory,
                request.Backend)), ChildProgram.Grader());
            return await MeasureAsync(request, sandbox, Math.Max(1, parse.GetValue(rounds)), Path.GetFileName(parse.GetValue(model)!), cancellationToken);
        });
        return await command.Parse(args).InvokeAsync();
    }

    private static async Task<int> MeasureAsync(ModelEvaluationRequest request, ModelSandbox sandbox, int rounds, string modelName,
        CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"warm-up in this process ({request.Dataset}, first 256 images), and the sandbox's start-up check ...");
        await ModelEvaluator.EvaluateAsync(request with { Limit = Math.Min(request.Limit ?? 256, 256) }, null, cancellationToken);
        var startups = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            await sandbox.CheckAsync(cancellationToken);
            startups.Add(clock.Elapsed.TotalSeconds);
        }

        var runs = new List<Run>();
        for (int round = 1; round <= rounds; round++)
        {
            // A B B A: each mode goes first in every other round.
            string[] order = round % 2 == 1 ? ["in-process", "sandboxed"] : ["sandboxed", "in-process"];
            foreach (var mode in order)
            {
                string load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";
                var clock = Stopwatch.StartNew();
                var result = mode == "sandboxed"
                    ? await sandbox.EvaluateAsync(request, null, cancellationToken)
                    : await ModelEvaluator.EvaluateAsync(request, null, cancellationToken);
                var run = new Run(mode, round, Round(clock.Elapsed.TotalSeconds), Round(result.LoadTime.TotalSeconds),
                    Round(result.EvaluationTime.TotalSeconds), result.Total, result.Correct, load);
                runs.Add(run);
                Console.WriteLine(JsonSerializer.Serialize(run));
                Console.Error.WriteLine($"round {round} {mode,-10} {run.TotalS,8:F2} s ({run.Images:N0} images, {run.Correct:N0} right; load {load})");
            }
        }
        if (runs.Select(r => r.Correct).Distinct().Count() != 1)
        {
            Console.Error.WriteLine("the sandboxed and in-process evaluations disagree");
            return 1;
        }
        double inProcess = Median(runs.Where(r => r.Mode == "in-process").Select(r => r.TotalS));
        double sandboxed = Median(runs.Where(r => r.Mode == "sandboxed").Select(r => r.TotalS));
        // Per round, so that a load change between rounds does not count as overhead.
        double overhead = Median(Enumerable.Range(1, rounds).Select(round =>
            runs.Single(r => r.Round == round && r.Mode == "sandboxed").TotalS - runs.Single(r => r.Round == round && r.Mode == "in-process").TotalS));
        var summary = new Summary(modelName, request.Dataset, sandbox.Settings.Describe(), rounds, inProcess, sandboxed, Round(overhead),
            Math.Round(sandboxed / inProcess, 4), Round(Median(startups)), $"{Environment.ProcessorCount} cores");
        Console.WriteLine(JsonSerializer.Serialize(summary));
        Console.Error.WriteLine($"in-process {inProcess:F2} s, sandboxed {sandboxed:F2} s (median of {rounds}); overhead {overhead:F2} s per evaluation "
            + $"(median of the rounds' differences), ratio {sandboxed / inProcess:F3}; a child's start-up alone {Median(startups):F2} s");
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Round(double seconds) => Math.Round(seconds, 3);

    private static List<double>? Numbers(string? text) =>
        text?.Split(',').Select(part => double.Parse(part, CultureInfo.InvariantCulture)).ToList();
}
