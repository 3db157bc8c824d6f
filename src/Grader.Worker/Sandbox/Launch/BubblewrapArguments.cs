namespace Grader.Worker.Sandbox.Launch;

/// <summary>
/// The bwrap command line for one child. The child sees the system's /usr (and the top-level
/// links into it), the loader cache, its own binaries and the read-only folders of the settings,
/// a fresh /proc, a minimal /dev (plus the GPU's nodes on a GPU worker) and an empty /tmp; no
/// home folder, no /etc beyond the loader cache, no /var (so no PostgreSQL socket), and no network
/// but its own loopback.
/// </summary>
internal static class BubblewrapArguments
{
    /// <summary>Bound read-only, or recreated as the links they are on a merged-/usr system.</summary>
    private static readonly string[] SystemFolders = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    /// <summary>Nothing else from /etc: an operator's configuration, and any secret in it, stays outside.</summary>
    private static readonly string[] SystemFiles = ["/etc/ld.so.cache"];

    public static IReadOnlyList<string> For(SandboxSettings settings, ChildProgram program, IReadOnlyDictionary<string, string> environment)
    {
        var args = new List<string>
        {
            "--unshare-all", // network, PID, IPC, UTS, cgroup, and a user namespace where allowed
            "--die-with-parent",
            "--new-session",
            "--cap-drop", "ALL",
            "--clearenv",
        };
        foreach (var folder in SystemFolders) AddSystemFolder(args, folder);
        foreach (var file in SystemFiles) args.AddRange(["--ro-bind-try", file, file]);
        args.AddRange(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]);
        // After /tmp's tmpfs, so that a folder under /tmp (a test's data sets) shows through it.
        foreach (var path in program.ReadOnlyPaths.Concat(settings.ReadOnlyPaths).Distinct(StringComparer.Ordinal))
            args.AddRange(["--ro-bind-try", path, path]); // a data directory not made yet: the child says the data set is missing
        foreach (var device in settings.Devices) args.AddRange(["--dev-bind", device, device]);
        // The NVIDIA driver reads the PCI and NUMA topology from /sys.
        if (settings.Devices.Count > 0) args.AddRange(["--ro-bind", "/sys", "/sys"]);
        foreach (var (name, value) in environment) args.AddRange(["--setenv", name, value]);
        args.AddRange(["--chdir", "/tmp", "--", program.FileName]);
        args.AddRange(program.Arguments);
        return args;
    }

    private static void AddSystemFolder(List<string> args, string folder)
    {
        var info = new DirectoryInfo(folder);
        if (info.LinkTarget is { } target) args.AddRange(["--symlink", target, folder]);
        else if (info.Exists) args.AddRange(["--ro-bind", folder, folder]);
    }
}
