using System.Diagnostics;
using Grader.Datasets;

namespace Grader.Bench.Inference;

/// <summary>
/// gtsrb-make: writes the synthetic archives and imports them with the real importer, once;
/// later runs find the store and do nothing. Kept apart from the evaluation so that the
/// evaluation's peak RSS (and /usr/bin/time's) is the evaluation's alone.
/// </summary>
public static class GtsrbPreparation
{
    public const int OfficialCount = 12_630;

    public sealed record Result(int Count, string DataDirectory, bool Existing, double ArchiveMib, double StoreMib,
        double BuildS, double ImportS, double PeakRssMib);

    public static string DataDirectory(string work, int count) => Path.Combine(work, $"gtsrb-{count}", "data");

    public static int Run(Options options)
    {
        string work = options.String("work");
        int count = options.Int("count", OfficialCount), seed = options.Int("seed", 1);
        string root = Path.Combine(work, $"gtsrb-{count}"), archive = Path.Combine(root, "archive");
        string data = DataDirectory(work, count);
        if (DatasetStore.Exists(data, "gtsrb"))
        {
            JsonLine.Write(new Result(count, data, true, MiB(archive), MiB(data), 0, 0, JsonLine.Round1(ProcessMemory.PeakRssMiB)));
            return 0;
        }
        var clock = Stopwatch.StartNew();
        if (Directory.Exists(archive)) Directory.Delete(archive, recursive: true); // a half-written one
        Console.Error.WriteLine($"writing {count} synthetic GTSRB images to {archive} ...");
        var files = SyntheticGtsrb.Write(archive, count, seed);
        double build = clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"importing into {data} ...");
        clock.Restart();
        DatasetImporter.Import("gtsrb", files, data,
            new ImportOptions { ExpectedCount = count == OfficialCount ? null : count });
        double import = clock.Elapsed.TotalSeconds;
        JsonLine.Write(new Result(count, data, false, MiB(archive), MiB(data), JsonLine.Round1(build), JsonLine.Round1(import),
            JsonLine.Round1(ProcessMemory.PeakRssMiB)));
        return 0;
    }

    private static double MiB(string directory) => !Directory.Exists(directory) ? 0
        : JsonLine.Round1(new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1048576.0);
}
