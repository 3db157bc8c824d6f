using System.Diagnostics;

namespace Grader.ServiceBench;

/// <summary>
/// CPU time used between two readings by this process and by the PostgreSQL server (all its
/// processes, and the children it has reaped), so a benchmark can say where the time goes per job;
/// and what everything else on the machine used meanwhile, so a reading taken while other work
/// ran (builds, other benchmarks) is recognised as such.
/// </summary>
public sealed class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    private readonly TimeSpan ownStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly double postgresStart = PostgresSeconds();
    private readonly double busyStart = MachineBusySeconds();
    private readonly Stopwatch wall = Stopwatch.StartNew();

    public CpuReading Read()
    {
        double own = (Process.GetCurrentProcess().TotalProcessorTime - ownStart).TotalSeconds;
        double postgres = PostgresSeconds() - postgresStart;
        double others = Math.Max(0, MachineBusySeconds() - busyStart - own - postgres);
        double wallSeconds = wall.Elapsed.TotalSeconds;
        return new(wallSeconds, own, postgres, others / (wallSeconds * Environment.ProcessorCount));
    }

    /// <summary>Busy time of all CPUs together (the first line of /proc/stat, less idle and iowait).</summary>
    private static double MachineBusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Select(double.Parse).ToArray();
        return (fields.Sum() - fields[3] - fields[4]) / TicksPerSecond;
    }

    private static double PostgresSeconds()
    {
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
                if (open < 0 || close < 0 || !stat[(open + 1)..close].StartsWith("postgres", StringComparison.Ordinal)) continue;
                var fields = stat[(close + 2)..].Split(' ');
                // After the name: state is field 3 of stat(5); utime, stime, cutime, cstime are 14 to 17.
                for (int f = 13; f <= 16; f++) ticks += double.Parse(fields[f - 3]);
            }
            catch (IOException) { }        // the process ended while we looked
            catch (UnauthorizedAccessException) { }
        }
        return ticks / TicksPerSecond;
    }
}

/// <summary>Seconds of wall time, of this process's CPU and of PostgreSQL's CPU; the share of all CPUs that other processes used.</summary>
public sealed record CpuReading(double Wall, double Process, double Postgres, double OthersShare);
