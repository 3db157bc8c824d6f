using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Grader.Worker.Sandbox.Launch;

/// <summary>
/// Starts programs in the sandbox its settings describe: under bubblewrap, or as a plain child
/// process. Either way the child's environment is built from nothing (no connection string, no
/// token, nothing of the worker's), and its stdin, stdout and stderr are pipes to this process.
/// </summary>
public sealed class SandboxLauncher(SandboxSettings settings)
{
    private const string SystemPath = "/usr/local/bin:/usr/bin:/bin";

    public SandboxSettings Settings => settings;

    public SandboxProcess Start(ChildProgram program)
    {
        bool bubblewrap = settings.Isolation == SandboxIsolation.Bubblewrap;
        // A plain child gets a private folder for HOME and TMPDIR; bubblewrap's is a tmpfs.
        var scratch = bubblewrap ? null : Directory.CreateTempSubdirectory("grader-sandbox-");
        var environment = ChildEnvironment(program, scratch?.FullName ?? "/tmp");
        var start = bubblewrap
            ? new ProcessStartInfo(settings.BubblewrapPath ?? "bwrap", BubblewrapArguments.For(settings, program, environment))
            : new ProcessStartInfo(program.FileName, program.Arguments) { WorkingDirectory = scratch!.FullName };
        start.UseShellExecute = false;
        start.RedirectStandardInput = start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.StandardInputEncoding = new UTF8Encoding(false);
        start.Environment.Clear();
        if (bubblewrap) start.Environment["PATH"] = SystemPath; // bwrap itself; the child's comes from --setenv
        else
            foreach (var (name, value) in environment) start.Environment[name] = value;
        try
        {
            return new SandboxProcess(SpawnThread.Start(start), scratch);
        }
        catch (Win32Exception e)
        {
            TryDelete(scratch);
            throw new SandboxUnavailableException($"could not start {start.FileName}: {e.Message}", e);
        }
    }

    private static Dictionary<string, string> ChildEnvironment(ChildProgram program, string scratch)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = SystemPath,
            ["HOME"] = scratch,
            ["TMPDIR"] = scratch,
            ["LANG"] = "C.UTF-8",
            // No diagnostics socket, debugger or profiler attach: less for a hostile model to reach.
            ["DOTNET_EnableDiagnostics"] = "0",
        };
        foreach (var (name, value) in program.Environment) environment[name] = value;
        return environment;
    }

    internal static void TryDelete(DirectoryInfo? folder)
    {
        try { folder?.Delete(recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
