using System.Diagnostics;

namespace Grader.Server.Tests.Reliability;

/// <summary>A real <c>grader worker</c> process, started from the test's output folder.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process process;

    public string Name { get; }

    private WorkerProcess(Process process, string name) => (this.process, Name) = (process, name);

    public static WorkerProcess Start(string connectionString, string name, int concurrency, double leaseSeconds)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "grader.dll"), "worker", "--db", connectionString, "--queues", "cpu",
                     "--concurrency", concurrency.ToString(), "--name", name, "--lease-seconds", leaseSeconds.ToString("R"),
                 })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process, name);
    }

    /// <summary>SIGKILL: no shutdown code runs, leases are left to expire.</summary>
    public void KillHard() => process.Kill(entireProcessTree: true);

    public bool HasExited => process.HasExited;

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
