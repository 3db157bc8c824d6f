using System.Diagnostics;
using Grader.Core.Answers;
using Grader.Core.Checking;
using Grader.Core.Rubrics;

namespace Grader.Bench;

/// <summary>
/// CPU time to grade one full submission of each seed assignment, after start-up (rubric loaded
/// once, as the worker does). Prints a Markdown table for docs/performance.md.
/// Usage: dotnet run -c Release --project bench/Grader.Bench -- [repository root] [iterations]
/// </summary>
public static class GradingBenchmark
{
    public static int Run(string[] args)
    {
        var root = args.Length > 0 ? args[0] : FindRoot();
        int iterations = args.Length > 1 ? int.Parse(args[1]) : 2000;
        Console.WriteLine($"| assignment | items | CPU per submission (median of 5 runs) | wall per submission | allocated per submission |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var rubricPath in Directory.GetFiles(Path.Combine(root, "rubrics"), "*.yaml").Order())
        {
            var rubric = RubricLoader.Load(File.ReadAllText(rubricPath), rubricPath).Rubric
                ?? throw new InvalidOperationException($"{rubricPath} does not load");
            var solutionPath = Path.Combine(root, "reference", rubric.Id, "solution.yaml");
            var answers = AnswerFileReader.Read(File.ReadAllText(solutionPath), solutionPath).File
                ?? throw new InvalidOperationException($"{solutionPath} does not load");
            var measurement = Measure(rubric, answers, iterations);
            Console.WriteLine($"| {rubric.Id} | {rubric.Items.Count} | {measurement.CpuMicroseconds:F0} µs | "
                + $"{measurement.WallMicroseconds:F0} µs | {measurement.AllocatedKiB:F0} KiB |");
        }
        return 0;
    }

    private sealed record Measurement(double CpuMicroseconds, double WallMicroseconds, double AllocatedKiB);

    private static Measurement Measure(Rubric rubric, AnswerFile answers, int iterations)
    {
        for (int i = 0; i < Math.Max(50, iterations / 10); i++) SubmissionGrader.Grade(rubric, answers);
        var runs = new List<Measurement>();
        var process = Process.GetCurrentProcess();
        for (int run = 0; run < 5; run++)
        {
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            long allocatedStart = GC.GetAllocatedBytesForCurrentThread();
            var wall = Stopwatch.StartNew();
            for (int i = 0; i < iterations; i++) SubmissionGrader.Grade(rubric, answers);
            wall.Stop();
            process.Refresh();
            runs.Add(new Measurement(
                (process.TotalProcessorTime - cpuStart).TotalMicroseconds / iterations,
                wall.Elapsed.TotalMicroseconds / iterations,
                (GC.GetAllocatedBytesForCurrentThread() - allocatedStart) / 1024.0 / iterations));
        }
        return runs.OrderBy(r => r.CpuMicroseconds).ElementAt(runs.Count / 2);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) return dir.FullName;
        throw new InvalidOperationException("run from inside the repository or pass its root");
    }
}
