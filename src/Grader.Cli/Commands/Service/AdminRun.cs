using Grader.Data;
using Grader.Data.Admin;
using Microsoft.EntityFrameworkCore;

namespace Grader.Cli.Commands.Service;

/// <summary>Runs an admin operation against the database and prints what it changed (or why it refused).</summary>
public static class AdminRun
{
    /// <summary>Opens the database (and checks the course, when given), runs <paramref name="operation"/> and prints its lines.</summary>
    public static async Task<int> RunAsync(CliOutput output, string? db, string? courseId,
        Func<IDbContextFactory<GraderDbContext>, Task<AdminOutcome>> operation, CancellationToken cancellationToken)
    {
        var (contexts, source, error) = courseId is null
            ? await DatabaseOption.OpenAsync(db, cancellationToken)
            : await DatabaseOption.OpenCourseAsync(db, courseId, cancellationToken);
        if (contexts is null) return output.Fail(error!);
        await using var _ = source;
        var outcome = await operation(contexts);
        if (!outcome.Ok) return output.Fail(string.Join(Environment.NewLine, outcome.Lines));
        foreach (var line in outcome.Lines) output.Out.WriteLine(line);
        if (outcome.Token is not null) output.Out.WriteLine($"token: {outcome.Token}");
        return GraderApp.ExitOk;
    }

    /// <summary>The first line of standard input as a new password, or why it will not do.</summary>
    public static async Task<(string? Password, string? Error)> ReadPasswordAsync(CancellationToken cancellationToken)
    {
        var password = (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r');
        return password is null || password.Length < Grader.Data.Security.PasswordHasher.MinimumLength
            ? (null, $"standard input: the password must be at least {Grader.Data.Security.PasswordHasher.MinimumLength} characters")
            : (password, null);
    }

    /// <summary>"2026-07-31" (the end of that day, UTC), a full ISO 8601 time, or "never".</summary>
    public static bool TryParseExpiry(string text, out DateTimeOffset? expiresAt)
    {
        expiresAt = null;
        if (text == "never") return true;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            expiresAt = new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
            return true;
        }
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
        {
            expiresAt = at;
            return true;
        }
        return false;
    }
}
