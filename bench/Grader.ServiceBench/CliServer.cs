using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Grader.ServiceBench;

/// <summary>
/// A <c>grader</c> binary (this branch's or another build, GRADER_BENCH_CLI) as a process of its own:
/// its admin commands seed the database, and <c>grader serve</c> runs the API whose memory and
/// latency a benchmark measures without the benchmark's own clients in the same process.
/// </summary>
public sealed partial class CliServer : IAsyncDisposable
{
    private readonly Process process;

    private CliServer(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => process.Id;

    public static string Binary =>
        Environment.GetEnvironmentVariable("GRADER_BENCH_CLI") is { Length: > 0 } path ? path
            : Path.Combine(AppContext.BaseDirectory, "../../../../../src/Grader.Cli/bin/Release/net10.0/grader");

    /// <summary>Runs a <c>grader</c> command to its end; its standard output, or an exception with its error output.</summary>
    public static async Task<string> RunAsync(string database, string? stdin, params string[] args)
    {
        var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args.Append("--db").Append(database)) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        if (stdin is not null) await process.StandardInput.WriteLineAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"grader {string.Join(' ', args)}: {await errors}");
    }

    /// <summary>Seeds rubrics and a roster of <paramref name="students"/>; returns their tokens.</summary>
    public static async Task<IReadOnlyList<string>> SeedAsync(string database, string rubric, string course, int students)
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        await RunAsync(database, null, "admin", "import-rubrics", Path.Combine(root, "rubrics", rubric + ".yaml"), "--course", course);
        var roster = Path.GetTempFileName();
        await File.WriteAllLinesAsync(roster, ["id,name", .. Enumerable.Range(0, students).Select(i => $"s{i},Student {i}")]);
        var csv = await RunAsync(database, null, "admin", "roster", course, roster);
        File.Delete(roster);
        return [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[1].Trim())];
    }

    /// <summary>
    /// A staff login with a password: this branch's <c>admin staff add</c>, or the older one-step
    /// <c>admin staff COURSE LOGIN --password-stdin</c> of builds before it.
    /// </summary>
    public static async Task AddStaffAsync(string database, string course, string login, string password)
    {
        try { await RunAsync(database, password, "admin", "staff", "add", course, login, "--password-stdin"); }
        catch (InvalidOperationException) { await RunAsync(database, password, "admin", "staff", course, login, "--password-stdin"); }
    }

    public static async Task<CliServer> StartAsync(string database, params string[] extra)
    {
        var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "serve", "--urls", "http://127.0.0.1:0", "--db", database }.Concat(extra)) info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        _ = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            if (ServingOn().Match(line) is { Success: true } match)
            {
                _ = process.StandardOutput.ReadToEndAsync();
                return new CliServer(process, new Uri(match.Groups[1].Value));
            }
        throw new InvalidOperationException("grader serve ended before serving");
    }

    /// <summary>Resident and peak resident memory of the server process, in MiB (/proc/PID/status VmRSS, VmHWM).</summary>
    public (double Rss, double Peak) Memory()
    {
        double Read(string key) => double.Parse(File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
        return (Read("VmRSS"), Read("VmHWM"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    [GeneratedRegex(@"serving on (http://[^, ]+)")]
    private static partial Regex ServingOn();
}
