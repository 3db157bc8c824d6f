using System.Diagnostics;

namespace Grader.Server.Tests.Reliability;

/// <summary>
/// A PostgreSQL cluster of the test's own (scripts/postgres.sh in a temporary folder, fsync off),
/// which the test may stop and start. The shared test cluster cannot be restarted: the test
/// classes running beside this one would fail with it. A restart keeps the port (postgres.sh
/// reuses it while free), so the server under test keeps its connection string.
/// </summary>
public sealed class ThrowawayCluster : IAsyncDisposable
{
    private readonly string directory;

    public string AdminConnectionString { get; private set; } = "";

    private ThrowawayCluster(string directory) => this.directory = directory;

    public static async Task<ThrowawayCluster> CreateAsync()
    {
        var cluster = new ThrowawayCluster(Path.Combine(Path.GetTempPath(), "grader-pg-" + Guid.NewGuid().ToString("N")[..12]));
        await cluster.StartAsync();
        return cluster;
    }

    public async Task StartAsync()
    {
        var url = await PostgresScriptAsync("start");
        if (AdminConnectionString.Length > 0 && url != AdminConnectionString)
            throw new InvalidOperationException($"the cluster came back on another address: {url}");
        AdminConnectionString = url;
    }

    /// <summary>A fast shutdown: open connections are terminated, new ones refused until <see cref="StartAsync"/>.</summary>
    public Task StopAsync() => PostgresScriptAsync("stop");

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        finally
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private async Task<string> PostgresScriptAsync(string action)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var arg in new[] { Path.Combine(RepositoryRoot.Path, "scripts", "postgres.sh"), action, directory })
            info.ArgumentList.Add(arg);
        info.Environment["GRADER_PG_FSYNC"] = "off";
        info.Environment["GRADER_PG_MAX_CONNECTIONS"] = "100";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/postgres.sh {action} {directory} failed ({process.ExitCode}): {await errors}");
        return (await output).Trim();
    }
}
