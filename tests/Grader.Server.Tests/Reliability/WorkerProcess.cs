using System.Diagnostics;

namespace Grader.Server.Tests.Reliability;

/// <summary>A real <c>grader worker</c> process, started from the test's output folder.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly TaskCompletionSource claiming = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
        var worker = new WorkerProcess(process, name);
        // The worker logs this once its database is migrated and it starts claiming.
        var started = $"worker {name} takes ";
        process.OutputDataReceived += (_, e) => { if (e.Data?.Contains(started) == true) worker.claiming.TrySetResult(); };
        process.ErrorDataReceived += (_, _) => { };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => worker.claiming.TrySetException(new InvalidOperationException($"worker {name} exited ({process.ExitCode})"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits until the process claims jobs: start-up (a .NET process, migrations) takes seconds on a busy machine.</summary>
    public Task WaitUntilClaimingAsync(TimeSpan timeout) => claiming.Task.WaitAsync(timeout);

    /// <summary>SIGKILL: no shutdown code runs, leases are left to expire.</summary>
    public void KillHard() => process.Kill(entireProcessTree: true);

    public bool HasExited => process.HasExited;

    /// <summary>CPU time the process has used so far (for the test's report of what the work cost).</summary>
    public TimeSpan ProcessorTime => process.TotalProcessorTime;

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
