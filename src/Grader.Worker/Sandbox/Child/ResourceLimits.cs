using System.Runtime.InteropServices;
using Grader.Worker.Sandbox.Protocol;

namespace Grader.Worker.Sandbox.Child;

/// <summary>
/// setrlimit, getrlimit and the parent-death signal: the child applies its limits to itself
/// before it reads the model. Lowering a limit needs no privilege; raising it again would need
/// CAP_SYS_RESOURCE, which bubblewrap has dropped. Linux only (the resource numbers are Linux's).
/// </summary>
internal static partial class ResourceLimits
{
    private const int Cpu = 0, FileSize = 1, Data = 2, Core = 4, OpenFiles = 7;
    private const int SetParentDeathSignal = 1, Kill = 9;
    private const ulong Unlimited = ulong.MaxValue;

    /// <summary>The soft CPU limit sends SIGXCPU, which the parent reads as "too much CPU time";
    /// the hard limit this much later is SIGKILL, for a child that ignores the first.</summary>
    private const long CpuGraceSeconds = 5;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Soft;
        public ulong Hard;
    }

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetLimit(int resource, in RLimit limit);

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    /// <summary>SIGKILL when the process that started this one ends: a plain child must not outlive
    /// its worker (bubblewrap's --die-with-parent does the same for its own child).</summary>
    public static void DieWithParent()
    {
        if (OperatingSystem.IsLinux()) _ = Prctl(SetParentDeathSignal, Kill, 0, 0, 0);
    }

    /// <summary>Applies the limits and returns those now in force; null where there are none to set.</summary>
    public static ProcessLimits? Apply(ProcessLimits limits)
    {
        if (!OperatingSystem.IsLinux()) return null;
        Set(Data, limits.MemoryBytes, limits.MemoryBytes);
        Set(Cpu, limits.CpuSeconds, limits.CpuSeconds + CpuGraceSeconds);
        Set(FileSize, limits.FileBytes, limits.FileBytes);
        Set(Core, 0, 0);
        Set(OpenFiles, limits.OpenFiles, limits.OpenFiles);
        return Current();
    }

    /// <summary>The soft limits in force (-1 for unlimited).</summary>
    public static ProcessLimits Current() =>
        new(Read(Data), Read(Cpu), Read(FileSize), Read(OpenFiles));

    /// <summary>Never above the hard limit in force: raising it would need a privilege (and the
    /// read-back shows the parent what was really set).</summary>
    private static void Set(int resource, long soft, long hard)
    {
        if (GetLimit(resource, out var current) != 0) return;
        ulong newHard = Math.Min((ulong)hard, current.Hard);
        _ = SetLimit(resource, new RLimit { Soft = Math.Min((ulong)soft, newHard), Hard = newHard });
    }

    private static long Read(int resource) => GetLimit(resource, out var limit) == 0 ? Signed(limit.Soft) : -1;

    private static long Signed(ulong value) => value == Unlimited ? -1 : (long)value;
}
