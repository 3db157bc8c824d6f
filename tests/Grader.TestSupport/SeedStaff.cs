using Grader.Data.Admin;

namespace Grader.TestSupport;

/// <summary>Staff accounts for dashboard tests: a known login and password, members of the courses they are added to.</summary>
public static class SeedStaff
{
    public const string Password = "correct horse battery";

    /// <summary>Adds <paramref name="login"/> to the course, creating the account with <see cref="Password"/> when new.</summary>
    public static async Task<AdminOutcome> AddAsync(PostgresDatabase database, string courseId, string login, string role = "ta",
        string? name = null)
    {
        var outcome = await StaffDirectory.AddAsync(database.Contexts, courseId, login, name ?? "TA " + login, role, Password, CancellationToken.None);
        if (!outcome.Ok) outcome = await StaffDirectory.AddAsync(database.Contexts, courseId, login, null, role, null, CancellationToken.None);
        return outcome.Ok ? outcome : throw new InvalidOperationException(string.Join("\n", outcome.Lines));
    }

    /// <summary>A new staff member of the course (token only) and their staff API token.</summary>
    public static async Task<string> TokenAsync(PostgresDatabase database, string courseId, string role = "ta")
    {
        var login = "staff" + Guid.NewGuid().ToString("N")[..8];
        await StaffDirectory.AddAsync(database.Contexts, courseId, login, "Staff " + login, role, null, CancellationToken.None);
        return (await StaffDirectory.IssueTokenAsync(database.Contexts, login, null, CancellationToken.None)).Token!;
    }
}
