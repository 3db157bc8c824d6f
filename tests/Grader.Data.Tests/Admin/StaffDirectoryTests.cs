using Grader.Data.Admin;
using Grader.Data.Security;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Tests.Admin;

/// <summary>One account per person, explicit memberships: nothing about a person changes as a side effect.</summary>
public sealed class StaffDirectoryTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string First = "first password 1", Second = "second password 2";

    public async Task InitializeAsync()
    {
        await Seed.RubricAsync(database, "rptu-dl-ex2", "rptu");
        await Seed.RubricAsync(database, "ai6126-hw1", "nyu");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string?> PasswordHashAsync(string login)
    {
        await using var db = await database.OpenAsync();
        return await db.StaffAccounts.Where(a => a.Login == login).Select(a => a.PasswordHash).SingleAsync();
    }

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task Adding_an_existing_login_to_another_course_with_a_password_is_refused_and_the_password_stays()
    {
        var login = Unique("ta");
        Assert.True((await StaffDirectory.AddAsync(database.Contexts, "rptu", login, "Alice Ng", "ta", First, CancellationToken.None)).Ok);

        var refused = await StaffDirectory.AddAsync(database.Contexts, "nyu", login, "Bob Li", "ta", Second, CancellationToken.None);

        Assert.False(refused.Ok);
        Assert.Contains($"grader admin staff password {login}", refused.Lines[0]);
        var hash = await PasswordHashAsync(login);
        Assert.True(PasswordHasher.Verify(First, hash));
        Assert.False(PasswordHasher.Verify(Second, hash));
        await using var db = await database.OpenAsync();
        Assert.False(await db.Staff.AnyAsync(m => m.CourseId == "nyu" && m.ExternalId == login));
    }

    [Fact]
    public async Task Adding_an_existing_person_to_a_second_course_says_so_and_changes_nothing_else()
    {
        var login = Unique("ta");
        await StaffDirectory.AddAsync(database.Contexts, "rptu", login, "Alice Ng", "instructor", First, CancellationToken.None);

        var added = await StaffDirectory.AddAsync(database.Contexts, "nyu", login, "Someone Else", "ta", null, CancellationToken.None);

        Assert.True(added.Ok);
        Assert.Equal([$"{login} keeps the name 'Alice Ng' (the account exists)", $"{login} added to nyu as ta", $"{login} is also instructor of rptu (unchanged)"],
            added.Lines);
        Assert.True(PasswordHasher.Verify(First, await PasswordHashAsync(login)));
        await using var db = await database.OpenAsync();
        var roles = await db.Staff.Where(m => m.ExternalId == login).OrderBy(m => m.CourseId).Select(m => m.CourseId + ":" + m.Role).ToListAsync();
        Assert.Equal(["nyu:ta", "rptu:instructor"], roles);
    }

    [Fact]
    public async Task A_role_changes_only_by_the_role_command()
    {
        var login = Unique("ta");
        await StaffDirectory.AddAsync(database.Contexts, "rptu", login, null, "ta", null, CancellationToken.None);

        var refused = await StaffDirectory.AddAsync(database.Contexts, "rptu", login, null, "instructor", null, CancellationToken.None);
        var changed = await StaffDirectory.SetRoleAsync(database.Contexts, "rptu", login, "instructor", CancellationToken.None);

        Assert.False(refused.Ok);
        Assert.Contains($"grader admin staff role rptu {login} instructor", refused.Lines[0]);
        Assert.Equal([$"{login}: role in rptu changed from ta to instructor"], changed.Lines);
    }

    [Fact]
    public async Task A_new_password_ends_every_dashboard_session_of_the_person()
    {
        var login = Unique("ta");
        await StaffDirectory.AddAsync(database.Contexts, "rptu", login, null, "ta", First, CancellationToken.None);
        await using (var db = await database.OpenAsync())
        {
            var account = await db.StaffAccounts.SingleAsync(a => a.Login == login);
            for (int i = 0; i < 2; i++)
                db.DashboardSessions.Add(new Entities.DashboardSession { IdHash = Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray(), StaffAccountId = account.Id });
            await db.SaveChangesAsync();
        }

        var changed = await StaffDirectory.SetPasswordAsync(database.Contexts, login, Second, CancellationToken.None);

        Assert.Contains("2 dashboard sessions ended", changed.Lines[0]);
        Assert.True(PasswordHasher.Verify(Second, await PasswordHashAsync(login)));
        await using var check = await database.OpenAsync();
        Assert.False(await check.DashboardSessions.AnyAsync(s => s.EndedAt == null && check.StaffAccounts.Any(a => a.Id == s.StaffAccountId && a.Login == login)));
    }

    [Fact]
    public async Task A_staff_token_is_one_per_person_a_new_one_revokes_the_old()
    {
        var login = Unique("bot");
        await StaffDirectory.AddAsync(database.Contexts, "rptu", login, null, "ta", null, CancellationToken.None);
        var first = await StaffDirectory.IssueTokenAsync(database.Contexts, login, null, CancellationToken.None);
        var second = await StaffDirectory.IssueTokenAsync(database.Contexts, login, null, CancellationToken.None);

        Assert.Contains("1 earlier token revoked", second.Lines[0]);
        await using var db = await database.OpenAsync();
        var tokens = await db.ApiTokens.Where(t => t.StaffAccount!.Login == login).OrderBy(t => t.Id).ToListAsync();
        Assert.Equal(2, tokens.Count);
        Assert.NotNull(tokens[0].RevokedAt);
        Assert.Null(tokens[1].RevokedAt);
        Assert.Equal(TokenHasher.Hash(second.Token!), tokens[1].TokenHash);
        Assert.NotEqual(first.Token, second.Token);
    }

    [Fact]
    public async Task A_roster_entry_issued_again_revokes_the_students_old_token_and_takes_the_courses_expiry()
    {
        var expiry = new DateTimeOffset(2031, 7, 31, 23, 59, 0, TimeSpan.Zero);
        await TokenDirectory.SetCourseExpiryAsync(database.Contexts, "nyu", expiry, CancellationToken.None);
        var id = Unique("s");
        var first = await PeopleDirectory.AddStudentAsync(database.Contexts, "nyu", id, "Stu", null, CancellationToken.None);
        var kept = await PeopleDirectory.AddStudentAsync(database.Contexts, "nyu", id, "Stu", null, CancellationToken.None, onlyNew: true);
        var again = await PeopleDirectory.AddStudentAsync(database.Contexts, "nyu", id, "Stu", null, CancellationToken.None);

        Assert.False(kept.Issued);
        Assert.Equal(1, again.Revoked);
        await using var db = await database.OpenAsync();
        var tokens = await db.ApiTokens.Where(t => t.StudentId == first.PersonId).OrderBy(t => t.Id).ToListAsync();
        Assert.Equal([true, false], tokens.Select(t => t.RevokedAt is not null));
        Assert.All(tokens, t => Assert.Equal(expiry, t.ExpiresAt));
    }
}
