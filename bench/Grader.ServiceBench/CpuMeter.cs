using System.Diagnostics;

namespace Grader.ServiceBench;

/// <summary>
/// CPU time used between two readings by this process and by the PostgreSQL server (all its
/// processes, and the children it has reaped), so a benchmark can say where the time goes per job.
/// </summary>
public sealed class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    private readonly TimeSpan ownStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly double postgresStart = PostgresSeconds();
    private readonly Stopwatch wall = Stopwatch.StartNew();

    public CpuReading Read() => new(wall.Elapsed.TotalSeconds,
        (Process.GetCurrentProcess().TotalProcessorTime - ownStart).TotalSeconds, PostgresSeconds() - postgresStart);

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

/// <summary>Seconds of wall time, of this process's CPU and of PostgreSQL's CPU.</summary>
public sealed record CpuReading(double Wall, double Process, double Postgres);
