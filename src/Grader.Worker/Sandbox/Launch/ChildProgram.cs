namespace Grader.Worker.Sandbox.Launch;

/// <summary>
/// A program to start inside the sandbox: what to run, the folders it must read (its binaries,
/// the .NET runtime) and the few environment variables it needs; the sandbox passes nothing else.
/// </summary>
public sealed record ChildProgram(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The grader's hidden subcommand that evaluates one model sent over its stdin.</summary>
    public const string GraderCommand = "sandbox-child";

    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The grader executable (the one this process runs from, unless given) with its child
    /// command. One binary serves both roles, so the self-contained single-file bundle of a GPU
    /// machine needs nothing more; a framework-dependent build also needs the shared runtime,
    /// which is then bound read-only and named in DOTNET_ROOT.
    /// </summary>
    public static ChildProgram Grader(string? executable = null)
    {
        var path = Path.GetFullPath(executable ?? Path.Combine(AppContext.BaseDirectory, "grader"));
        if (!File.Exists(path))
            throw new SandboxUnavailableException($"the grader executable that evaluates models in the sandbox is not at {path}");
        var paths = new List<string> { Path.GetDirectoryName(path)! };
        var environment = new Dictionary<string, string>
        {
            // A child runs one long computation: its kernels are compiled fully optimised at once,
            // rather than first as quick unoptimised code that the runtime replaces seconds later
            // (on a 3-second Fashion-MNIST evaluation, tiered compilation made it take twice as long).
            ["DOTNET_TieredCompilation"] = "0",
        };
        if (SharedRuntimeRoot() is { } root)
        {
            paths.Add(root);
            environment["DOTNET_ROOT"] = root;
        }
        return new ChildProgram(path, [GraderCommand]) { ReadOnlyPaths = paths, Environment = environment };
    }

    /// <summary>The folder of the shared .NET runtime this process runs on (it holds
    /// shared/Microsoft.NETCore.App/VERSION); null when the runtime is part of the application
    /// (self-contained, single file).</summary>
    private static string? SharedRuntimeRoot()
    {
        // The host names the shared framework's deps file only for framework-dependent apps.
        if (AppContext.GetData("FX_DEPS_FILE") is not string { Length: > 0 } depsFile) return null;
        var version = Path.GetDirectoryName(depsFile);
        var framework = Path.GetDirectoryName(version);
        var shared = Path.GetDirectoryName(framework);
        return shared is not null && Path.GetFileName(shared) == "shared" ? Path.GetDirectoryName(shared) : null;
    }
}
