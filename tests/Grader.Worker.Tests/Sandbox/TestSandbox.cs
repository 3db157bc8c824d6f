using Grader.Inference.Cpu;
using Grader.Worker.Sandbox;
using Grader.Worker.Sandbox.Launch;

namespace Grader.Worker.Tests.Sandbox;

/// <summary>Sandboxes as a CPU worker makes them (bubblewrap where installed), with the grader
/// executable the test project carries as the child.</summary>
internal static class TestSandbox
{
    public static bool HasBubblewrap => SandboxSetup.FindBubblewrap() is not null;

    public static SandboxSettings Settings(string dataDirectory, SandboxLimits? limits = null, SandboxChoice choice = SandboxChoice.Auto) =>
        SandboxSetup.Settings(choice, limits ?? new SandboxLimits(), dataDirectory, new CpuBackend());

    public static ModelSandbox Create(string dataDirectory, SandboxLimits? limits = null, SandboxChoice choice = SandboxChoice.Auto) =>
        new(new SandboxLauncher(Settings(dataDirectory, limits, choice)), ChildProgram.Grader());
}

/// <summary>A test of what only bubblewrap provides (the network namespace): skipped, with the
/// reason, where it is not installed (scripts/prerequisites.sh installs it).</summary>
public sealed class BubblewrapFactAttribute : FactAttribute
{
    public BubblewrapFactAttribute()
    {
        if (!TestSandbox.HasBubblewrap)
            Skip = "bubblewrap (bwrap) is not installed (Debian package bubblewrap; scripts/prerequisites.sh installs it)";
    }
}

/// <summary>This process's descendants, from /proc: the sandbox children a test kills.</summary>
internal static class ChildProcesses
{
    /// <param name="CpuTicks">User and system CPU time so far, in clock ticks (1/100 s).</param>
    public sealed record Entry(int Pid, int ParentPid, string CommandLine, long CpuTicks);

    public static IReadOnlyList<Entry> Descendants(int root)
    {
        var all = new List<Entry>();
        foreach (var dir in Directory.GetDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out int pid) && Read(pid) is { } entry) all.Add(entry);
        var found = new List<Entry>();
        var parents = new HashSet<int> { root };
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var entry in all.Where(e => parents.Contains(e.ParentPid) && !parents.Contains(e.Pid)))
            {
                found.Add(entry);
                grew |= parents.Add(entry.Pid);
            }
        }
        return found;
    }

    /// <summary>The running grader evaluation child (inside bubblewrap, not bwrap itself), or null.</summary>
    public static Entry? EvaluationChild() =>
        Descendants(Environment.ProcessId).LastOrDefault(e => e.CommandLine.Contains(ChildProgram.GraderCommand) && !e.CommandLine.StartsWith("bwrap", StringComparison.Ordinal)
            && !e.CommandLine.Contains("/bwrap", StringComparison.Ordinal));

    private static Entry? Read(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid ... utime stime ..."; comm may hold spaces and parentheses.
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            string commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return new Entry(pid, int.Parse(fields[1]), commandLine, long.Parse(fields[11]) + long.Parse(fields[12]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null; // gone meanwhile
        }
    }
}
