namespace Grader.Bench.Inference;

/// <summary>Resident memory of this process from /proc/self/status (Linux): VmHWM is the peak
/// resident set since start, the figure the 2 GB requirement is about.</summary>
public static class ProcessMemory
{
    public static double PeakRssMiB => ReadKiB("VmHWM:") / 1024.0;

    public static double CurrentRssMiB => ReadKiB("VmRSS:") / 1024.0;

    private static long ReadKiB(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return -1;
        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        return -1;
    }
}
