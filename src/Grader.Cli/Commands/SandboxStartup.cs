using Grader.Inference;
using Grader.Worker.Sandbox;
using Grader.Worker.Sandbox.Launch;

namespace Grader.Cli.Commands;

/// <summary>
/// Opens the model sandbox for a command (a worker, <c>grader evaluate --sandbox</c>) and says
/// once what it is when it is weaker than asked: without bubblewrap the child is a plain process.
/// </summary>
internal static class SandboxStartup
{
    /// <summary>The sandbox, or null when it cannot be used here (the reason printed).
    /// <paramref name="check"/> starts one child first (a worker's start-up check).</summary>
    public static async Task<ModelSandbox?> OpenAsync(SandboxChoice choice, SandboxLimits limits, string dataDirectory,
        IInferenceBackend backend, CliOutput output, bool check, CancellationToken cancellationToken)
    {
        try
        {
            var settings = SandboxSetup.Settings(choice, limits, dataDirectory, backend);
            var sandbox = new ModelSandbox(new SandboxLauncher(settings), ChildProgram.Grader());
            if (check) await sandbox.CheckAsync(cancellationToken);
            if (settings.Isolation == SandboxIsolation.Process)
                output.Error.WriteLine(choice == SandboxChoice.Process
                    ? "grader: --sandbox process: models run in a plain child process (cleared environment, resource limits) that can reach the network and read this user's files"
                    : "grader: bubblewrap (bwrap) is not installed: models run in a plain child process (cleared environment, resource limits) "
                      + "that can reach the network and read this user's files; install it (Debian: apt-get install bubblewrap)");
            return sandbox;
        }
        catch (SandboxUnavailableException e)
        {
            output.Error.WriteLine($"grader: the model sandbox cannot be used: {e.Message}");
            return null;
        }
    }
}
