using Grader.Worker.Sandbox;
using Grader.Worker.Sandbox.Launch;

namespace Grader.Worker.Tests.Sandbox;

/// <summary>The bwrap command line: what the child may see and do.</summary>
public sealed class BubblewrapArgumentsTests
{
    private static readonly ChildProgram Grader = new("/opt/grader/grader", ["sandbox-child", "--memory-bytes", "1"])
    {
        ReadOnlyPaths = ["/opt/grader"],
    };

    private static readonly Dictionary<string, string> Environment = new() { ["HOME"] = "/tmp", ["PATH"] = "/usr/bin:/bin" };

    private static IReadOnlyList<string> Arguments(SandboxSettings settings) => BubblewrapArguments.For(settings, Grader, Environment);

    /// <summary>Every (option, argument, argument) triple of the command line.</summary>
    private static List<(string, string, string)> Triples(IReadOnlyList<string> args) =>
        Enumerable.Range(0, args.Count - 2).Select(i => (args[i], args[i + 1], args[i + 2])).ToList();

    [Fact]
    public void The_child_gets_no_network_no_capabilities_and_only_the_environment_given()
    {
        var args = Arguments(new SandboxSettings { Isolation = SandboxIsolation.Bubblewrap, ReadOnlyPaths = ["/srv/datasets"] });
        foreach (var flag in new[] { "--unshare-all", "--die-with-parent", "--new-session", "--clearenv" }) Assert.Contains(flag, args);
        Assert.DoesNotContain("--share-net", args);
        Assert.Equal("ALL", args[args.ToList().IndexOf("--cap-drop") + 1]);
        var triples = Triples(args);
        Assert.Contains(("--setenv", "HOME", "/tmp"), triples);
        Assert.Equal(2, args.Count(a => a == "--setenv"));
        // Only the program after "--", exactly as given.
        Assert.Equal(new[] { "--", "/opt/grader/grader", "sandbox-child", "--memory-bytes", "1" }, args.TakeLast(5));
    }

    [Fact]
    public void The_child_sees_its_binaries_and_the_data_sets_read_only_and_nothing_of_the_operators()
    {
        var args = Arguments(new SandboxSettings { Isolation = SandboxIsolation.Bubblewrap, ReadOnlyPaths = ["/tmp/datasets"] });
        var triples = Triples(args);
        Assert.Contains(("--ro-bind-try", "/opt/grader", "/opt/grader"), triples);
        Assert.Contains(("--ro-bind-try", "/tmp/datasets", "/tmp/datasets"), triples);
        Assert.Contains(("--ro-bind", "/usr", "/usr"), triples);
        // Nothing is bound writable, and /tmp is a fresh tmpfs mounted before the data sets under it.
        Assert.DoesNotContain("--bind", args);
        Assert.True(args.ToList().IndexOf("--tmpfs") < args.ToList().IndexOf("/tmp/datasets"));
        // Of /etc only the loader cache; no home, no /var (PostgreSQL's socket), no /run.
        var bound = triples.Where(t => t.Item1.StartsWith("--ro-bind", StringComparison.Ordinal)).Select(t => t.Item2).ToList();
        Assert.DoesNotContain(bound, b => b.StartsWith("/etc", StringComparison.Ordinal) && b != "/etc/ld.so.cache");
        Assert.DoesNotContain(bound, b => b.StartsWith("/home", StringComparison.Ordinal) || b.StartsWith("/root", StringComparison.Ordinal)
            || b.StartsWith("/var", StringComparison.Ordinal) || b.StartsWith("/run", StringComparison.Ordinal));
        Assert.DoesNotContain(args, a => a.StartsWith("/dev/nvidia", StringComparison.Ordinal) || a == "/sys");
    }

    [Fact]
    public void Only_a_gpu_worker_binds_the_nvidia_devices_and_sys()
    {
        var args = Arguments(new SandboxSettings
        {
            Isolation = SandboxIsolation.Bubblewrap, Devices = ["/dev/nvidia0", "/dev/nvidiactl", "/dev/nvidia-uvm"],
            ReadOnlyPaths = ["/srv/datasets", "/usr/local/cuda/lib64"],
        });
        var triples = Triples(args);
        Assert.Contains(("--dev-bind", "/dev/nvidia0", "/dev/nvidia0"), triples);
        Assert.Contains(("--dev-bind", "/dev/nvidia-uvm", "/dev/nvidia-uvm"), triples);
        Assert.Contains(("--ro-bind", "/sys", "/sys"), triples);
        Assert.Contains(("--ro-bind-try", "/usr/local/cuda/lib64", "/usr/local/cuda/lib64"), triples);
    }
}
