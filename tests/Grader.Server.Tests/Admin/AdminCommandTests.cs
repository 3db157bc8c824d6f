using Grader.Cli;
using Grader.Data.Security;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Admin;

/// <summary><c>grader admin staff|token|course|student|roster</c> run in-process against a real database: each says what it changed.</summary>
[Collection(StandardInput.Collection)]
public sealed class AdminCommandTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await Seed.RubricAsync(database, "rptu-dl-ex2", "rptu");
        await Seed.RubricAsync(database, "nyu-dl-hw2", "nyu");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(int Code, string Out, string Error)> RunAsync(string? stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var original = Console.In;
        Console.SetIn(new StringReader(stdin ?? ""));
        try
        {
            int code = await GraderApp.RunAsync([.. args, "--db", database.ConnectionString], stdout, stderr);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetIn(original);
        }
    }

    [Fact]
    public async Task Staff_added_to_a_second_course_keep_their_password_and_the_commands_say_what_changed()
    {
        var created = await RunAsync("first password 1\n", "admin", "staff", "add", "rptu", "ta1", "--name", "Alice Ng", "--password-stdin");
        var silentReplace = await RunAsync("second password 2\n", "admin", "staff", "add", "nyu", "ta1", "--name", "Bob Li", "--password-stdin");
        var added = await RunAsync(null, "admin", "staff", "add", "nyu", "ta1");
        var list = await RunAsync(null, "admin", "staff", "list");

        Assert.Equal(0, created.Code);
        Assert.Equal("created staff account ta1 (Alice Ng), password set\nta1 added to rptu as ta\n", created.Out.ReplaceLineEndings("\n"));
        Assert.Equal(2, silentReplace.Code);
        Assert.Contains("'add' never changes a password: use 'grader admin staff password ta1'", silentReplace.Error);
        Assert.Equal("ta1 added to nyu as ta\nta1 is also ta of rptu (unchanged)\n", added.Out.ReplaceLineEndings("\n"));
        Assert.Contains("ta1\tAlice Ng\tnyu:ta,rptu:ta\tpassword:yes", list.Out);
        await using var db = await database.OpenAsync();
        var hash = await db.StaffAccounts.Where(a => a.Login == "ta1").Select(a => a.PasswordHash).SingleAsync();
        Assert.True(PasswordHasher.Verify("first password 1", hash));

        var changed = await RunAsync("second password 2\n", "admin", "staff", "password", "ta1");
        var role = await RunAsync(null, "admin", "staff", "role", "nyu", "ta1", "instructor");
        Assert.Equal("password of ta1 (Alice Ng, staff of nyu, rptu) changed; 0 dashboard sessions ended\n", changed.Out.ReplaceLineEndings("\n"));
        Assert.Equal("ta1: role in nyu changed from ta to instructor\n", role.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Tokens_are_listed_rotated_and_revoked_and_a_course_gets_an_expiry_and_quotas()
    {
        var roster = Path.Combine(Path.GetTempPath(), $"roster-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(roster, "id,name\nr1,Rita\nr2,Ravi\n");
        var expiry = await RunAsync(null, "admin", "course", "rptu", "--tokens-expire", "2031-07-31", "--student-quota", "2GiB");
        var issued = await RunAsync(null, "admin", "roster", "rptu", roster);
        var reissued = await RunAsync(null, "admin", "roster", "rptu", roster);
        var rotated = await RunAsync(null, "admin", "token", "rotate", "rptu", "r1");
        var revoked = await RunAsync(null, "admin", "token", "revoke", "--course", "rptu", "--student", "r2");
        var list = await RunAsync(null, "admin", "token", "list", "rptu", "--all");
        var removed = await RunAsync(null, "admin", "student", "remove", "rptu", "r1");
        File.Delete(roster);

        Assert.Contains("tokens of rptu: expires 2031-07-31 23:59 UTC; 0 student tokens set so", expiry.Out);
        Assert.Contains("storage per student in rptu: 1 GiB -> 2 GiB", expiry.Out);
        Assert.Contains("rptu: 2 added, 0 updated, 0 restored; 2 tokens issued (expires 2031-07-31 23:59 UTC), 0 earlier tokens revoked", issued.Error);
        Assert.Contains("0 added, 2 updated, 0 restored; 2 tokens issued (expires 2031-07-31 23:59 UTC), 2 earlier tokens revoked", reissued.Error);
        Assert.Matches(@"r1 of rptu: new token issued \(expires 2031-07-31 23:59 UTC\); 1 earlier token revoked\ntoken: grd_", rotated.Out.ReplaceLineEndings("\n"));
        Assert.Equal("r2 of rptu: 1 token revoked\n", revoked.Out.ReplaceLineEndings("\n"));
        var states = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).Select(f => $"{f[1]}:{f[5]}").ToList();
        Assert.Equal(4, states.Count(s => s.EndsWith(":revoked")));
        Assert.Single(states, s => s == "student r1:active");
        Assert.Equal("r1 (Rita) removed from rptu: 1 token revoked, 0 dashboard sessions ended; submissions and marks kept\n", removed.Out.ReplaceLineEndings("\n"));
    }
}

/// <summary>Tests that swap Console.In run one at a time.</summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class StandardInput
{
    public const string Collection = "standard input";
}
