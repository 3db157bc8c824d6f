using System.Diagnostics;
using System.Text;

namespace Grader.Worker.Sandbox.Launch;

/// <summary>
/// A started sandbox child: its pipes, the tail of what it wrote to stderr (bounded: a child may
/// write without end), and killing it with everything it started. Disposing kills it if it is
/// still running and removes its scratch folder.
/// </summary>
public sealed class SandboxProcess : IAsyncDisposable
{
    private const int ErrorTailChars = 4096;

    private readonly Process process;
    private readonly DirectoryInfo? scratch;
    private readonly StringBuilder errorTail = new();
    private readonly Task errorPump;

    internal SandboxProcess(Process process, DirectoryInfo? scratch)
    {
        this.process = process;
        this.scratch = scratch;
        errorPump = PumpErrorsAsync();
    }

    public int Id => process.Id;
    public Stream Input => process.StandardInput.BaseStream;
    public Stream Output => process.StandardOutput.BaseStream;
    public bool HasExited => process.HasExited;

    /// <summary>The exit status; 128 + N for a child ended by signal N (bwrap passes its child's on).</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>The last few KiB the child wrote to stderr, once it has exited.</summary>
    public async Task<string> ErrorTailAsync()
    {
        await errorPump;
        lock (errorTail) return errorTail.ToString();
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    public void Kill()
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already gone
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) Kill();
        await process.WaitForExitAsync();
        await errorPump;
        process.Dispose();
        SandboxLauncher.TryDelete(scratch);
    }

    private async Task PumpErrorsAsync()
    {
        var buffer = new char[1024];
        var reader = process.StandardError;
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
                lock (errorTail)
                {
                    errorTail.Append(buffer, 0, read);
                    if (errorTail.Length > ErrorTailChars) errorTail.Remove(0, errorTail.Length - ErrorTailChars);
                }
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }
}
