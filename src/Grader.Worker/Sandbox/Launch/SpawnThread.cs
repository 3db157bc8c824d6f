using System.Collections.Concurrent;
using System.Diagnostics;

namespace Grader.Worker.Sandbox.Launch;

/// <summary>
/// Starts processes from one thread that lives as long as this process. Linux sends a child its
/// parent-death signal (bubblewrap's --die-with-parent, the child's own PR_SET_PDEATHSIG) when the
/// thread that started it ends, not the process; a thread-pool thread ends when it has been idle
/// a while, and with it every child it had started, mid-evaluation. This thread never ends, so
/// children die with the worker and only then.
/// </summary>
internal static class SpawnThread
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = [];

    static SpawnThread()
    {
        var thread = new Thread(() =>
        {
            foreach (var (start, started) in Requests.GetConsumingEnumerable())
            {
                try { started.SetResult(Process.Start(start)!); }
                catch (Exception e) { started.SetException(e); }
            }
        })
        {
            IsBackground = true,
            Name = "sandbox spawner",
        };
        thread.Start();
    }

    public static Process Start(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, started));
        return started.Task.GetAwaiter().GetResult();
    }
}
