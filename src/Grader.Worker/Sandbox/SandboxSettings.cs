namespace Grader.Worker.Sandbox;

/// <summary>How the evaluation child is kept away from the rest of the machine.</summary>
public enum SandboxIsolation
{
    /// <summary>Debian's bubblewrap: no network, only the grader's binaries, the data sets (and
    /// on a GPU worker the driver) visible read-only, private /tmp, own PID namespace, no
    /// capabilities.</summary>
    Bubblewrap,

    /// <summary>A plain child process: cleared environment and resource limits, but it shares the
    /// machine's network and file system. For hosts where bubblewrap cannot run.</summary>
    Process,
}

/// <summary>
/// Everything that decides what an evaluation child can see and use; the evaluator and the
/// tests' probe start children with the same settings through one <see cref="SandboxLauncher"/>.
/// </summary>
public sealed record SandboxSettings
{
    public SandboxIsolation Isolation { get; init; } = SandboxIsolation.Process;

    /// <summary>The bwrap executable, for <see cref="SandboxIsolation.Bubblewrap"/>.</summary>
    public string? BubblewrapPath { get; init; }

    public SandboxLimits Limits { get; init; } = new();

    /// <summary>Folders the child reads besides the grader's own binaries: the imported data
    /// sets, and on a GPU worker the CUDA libraries and the compiled-kernel cache.</summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    /// <summary>Device nodes the child may open (/dev/nvidia*, GPU workers only).</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];

    /// <summary>For the operator and the grading record, e.g. "bubblewrap sandbox (no network;
    /// 4 GiB memory, ...)".</summary>
    public string Describe() => Isolation == SandboxIsolation.Bubblewrap
        ? $"bubblewrap sandbox (no network, read-only files{(Devices.Count > 0 ? ", GPU" : "")}; {Limits.Describe()})"
        : $"child process without bubblewrap (network and files not isolated; {(ResourceLimitsSupported ? Limits.Describe() : "no resource limits on this system")})";

    /// <summary>Whether the child can apply <see cref="Limits"/> to itself here (setrlimit on Linux).</summary>
    public static bool ResourceLimitsSupported => OperatingSystem.IsLinux();
}
