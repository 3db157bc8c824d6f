using Grader.Data.Admin;

namespace Grader.TestSupport;

/// <summary>Staff accounts for dashboard tests: a known login and password per course.</summary>
public static class SeedStaff
{
    public const string Password = "correct horse battery";

    public static Task<StaffAccount> AddAsync(PostgresDatabase database, string courseId, string login, string role = "ta",
        string? name = null) =>
        PeopleDirectory.AddStaffAsync(database.Contexts, courseId, login, name ?? "TA " + login, role, Password, issueToken: false,
            CancellationToken.None);
}
