using System.Net;
using System.Net.Sockets;
using Grader.TestSupport;
using Grader.Worker.Sandbox;
using Grader.Worker.Sandbox.Launch;
using Npgsql;

namespace Grader.Worker.Tests.Sandbox;

/// <summary>
/// A probe (bash) started through the very launcher, with the very settings, a CPU worker's
/// evaluator uses, while this process holds a connection string and a token in its environment
/// and a server listens on the host's loopback.
/// </summary>
[Collection(SandboxChildren.Name)]
public sealed class SandboxProbeTests : IDisposable
{
    private const string Secret = "Host=127.0.0.1;Database=grader;Username=grader;Password=probe-secret";
    private readonly string? savedDb = Environment.GetEnvironmentVariable("GRADER_DB");
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("grader-probe-").FullName;

    public SandboxProbeTests()
    {
        Environment.SetEnvironmentVariable("GRADER_DB", Secret);
        Environment.SetEnvironmentVariable("GRADER_PROBE_TOKEN", "ghp_probe-token");
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("GRADER_DB", savedDb);
        Environment.SetEnvironmentVariable("GRADER_PROBE_TOKEN", null);
        Directory.Delete(dataDirectory, recursive: true);
    }

    /// <summary>bash with the script, seeing what <paramref name="like"/> would (its binaries, its environment).</summary>
    private static async Task<string> RunAsync(SandboxLauncher launcher, string script, ChildProgram? like = null)
    {
        var probe = (like ?? new ChildProgram("", [])) with { FileName = "/usr/bin/bash", Arguments = ["-c", script] };
        await using var process = launcher.Start(probe);
        process.Input.Close();
        string output = await new StreamReader(process.Output).ReadToEndAsync();
        await process.WaitForExitAsync(CancellationToken.None);
        return output;
    }

    /// <summary>"reached" or "refused" for each address, after the environment.</summary>
    private static string Script(IEnumerable<(string Host, int Port)> servers) =>
        "env; echo '--- network'; "
        + string.Concat(servers.Select(s => $"if (exec 3<>/dev/tcp/{s.Host}/{s.Port}) 2>/dev/null; then echo 'reached {s.Port}'; else echo 'refused {s.Port}'; fi; "))
        + "echo '--- files'; ls /etc /home /root /var /run 2>&1; "
        + "echo '--- processes'; for p in /proc/[0-9]*; do tr '\\0' ' ' <$p/cmdline; echo; done";

    [BubblewrapFact]
    public async Task The_sandbox_hides_secrets_the_host_loopback_the_database_and_other_processes()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var servers = new List<(string, int)> { ("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port) };
        // The tests' PostgreSQL, when this run has one: the database itself must be out of reach too.
        if (Environment.GetEnvironmentVariable(PostgresDatabase.Variable) is { Length: > 0 } postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(postgres);
            servers.Add((builder.Host == "localhost" ? "127.0.0.1" : builder.Host!, builder.Port));
        }
        var launcher = new SandboxLauncher(TestSandbox.Settings(dataDirectory));
        Assert.Equal(SandboxIsolation.Bubblewrap, launcher.Settings.Isolation);

        // The same check from this process reaches the listener: the probe's "refused" is the sandbox's doing.
        using (var direct = new TcpClient()) await direct.ConnectAsync(IPAddress.Loopback, servers[0].Item2);
        using (var accepted = await listener.AcceptTcpClientAsync()) { }

        string output = await RunAsync(launcher, Script(servers));
        Assert.DoesNotContain("probe-secret", output);
        Assert.DoesNotContain("GRADER_", output);
        foreach (var (_, port) in servers) Assert.Contains($"refused {port}", output);
        Assert.False(listener.Pending());
        Assert.Contains("ls: cannot access '/home'", output);
        Assert.Contains("ls: cannot access '/var'", output);
        Assert.Contains("ls: cannot access '/run'", output);
        Assert.Matches(@"(?m)^/etc:\nld.so.cache\n", output); // of /etc only the loader cache
        // Its own PID namespace: bubblewrap and the probe's own processes, not this test process (the "worker").
        string processes = output[output.IndexOf("--- processes", StringComparison.Ordinal)..];
        Assert.Contains("bwrap", processes);
        Assert.DoesNotContain("testhost", processes);
        Assert.DoesNotContain("Grader.Worker.Tests", processes);
    }

    [Fact]
    public async Task A_plain_child_gets_a_cleared_environment_too()
    {
        var launcher = new SandboxLauncher(TestSandbox.Settings(dataDirectory, choice: SandboxChoice.Process));
        Assert.Equal(SandboxIsolation.Process, launcher.Settings.Isolation);
        string output = await RunAsync(launcher, "env");
        Assert.DoesNotContain("probe-secret", output);
        Assert.DoesNotContain("GRADER_", output);
        Assert.Contains("DOTNET_EnableDiagnostics=0", output);
        Assert.Matches(@"(?m)^TMPDIR=.*grader-sandbox-", output); // its own scratch folder, removed afterwards
    }

    [Fact]
    public async Task The_grader_child_reports_its_limits_in_force_before_it_reads_anything()
    {
        var limits = new SandboxLimits { MemoryBytes = 3L << 30, CpuTime = TimeSpan.FromMinutes(7), FileBytes = 1 << 20, OpenFiles = 200 };
        var sandbox = TestSandbox.Create(dataDirectory, limits);
        await sandbox.CheckAsync(CancellationToken.None); // checks the limits the child read back

        // And they are in force in the grader child, as the kernel shows them: its /proc/PID/limits,
        // read once it has written its ready frame (it sets them first), through the same launcher.
        var grader = ChildProgram.Grader();
        // Its stdin is a FIFO nobody writes to, so it waits there after the ready frame.
        string script = "mkfifo \"$TMPDIR/in\"; exec 3<>\"$TMPDIR/in\"; "
            + $"{grader.FileName} sandbox-child --memory-bytes {3L << 30} --cpu-seconds 420 --file-bytes {1 << 20} --open-files 200 "
            + "<&3 >\"$TMPDIR/ready\" & child=$!; for i in $(seq 600); do [ -s \"$TMPDIR/ready\" ] && break; sleep 0.05; done; "
            + "cat /proc/$child/limits; kill $child";
        string output = await RunAsync(new SandboxLauncher(sandbox.Settings), script, grader);
        Assert.Matches(@"Max data size\s+3221225472\s+3221225472\s+bytes", output);
        Assert.Matches(@"Max cpu time\s+420\s+425\s+seconds", output);
        Assert.Matches(@"Max file size\s+1048576\s+1048576\s+bytes", output);
        Assert.Matches(@"Max open files\s+200\s+200\s+files", output);
        Assert.Matches(@"Max core file size\s+0\s+0\s+bytes", output);
    }
}
