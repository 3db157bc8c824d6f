using Grader.Cli;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Forges;

/// <summary><c>grader admin github ...</c> run in-process against a real database.</summary>
public sealed class GitHubAdminCommandTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("grader-gh-admin-").FullName;

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await GraderApp.RunAsync([.. args, "--db", database.ConnectionString], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task An_instructor_sets_up_a_course_an_assignment_an_account_and_a_link()
    {
        await Seed.RubricAsync(database, "rptu-dl-ex2", "rptu");
        await Seed.StudentAsync(database, "rptu", "s1234567");
        const string secret = "0123456789abcdef0123456789abcdef";

        var course = await RunAsync("admin", "github", "course", "rptu", "--secret-file", Write("secret", secret + "\n"),
            "--token-file", Write("token", "ghp_abc\n"), "--public-url", "https://grader.example.org");
        var assignment = await RunAsync("admin", "github", "assignment", "rptu-dl-ex2", "--answers", "answers.yaml",
            "--model", "2.4.cifar10=models/net.onnx", "--pattern", "ex2-{github_user}");
        var account = await RunAsync("admin", "github", "account", "rptu", "s1234567", "Alice-GH");
        var link = await RunAsync("admin", "github", "link", "My-Org/Alice-Ex2", "rptu-dl-ex2", "s1234567");

        Assert.All(new[] { course, assignment, account, link }, r => Assert.True(r.Code == 0, r.Error));
        Assert.Contains("https://grader.example.org/api/v1/hooks/github", course.Out);
        Assert.DoesNotContain(secret, course.Out + course.Error);
        await using var db = await database.OpenAsync();
        var settings = await db.ForgeSettings.SingleAsync(f => f.CourseId == "rptu");
        Assert.Equal((secret, "ghp_abc", "https://api.github.com"), (settings.WebhookSecret, settings.Token, settings.ApiUrl));
        var layout = await db.ForgeAssignments.SingleAsync(f => f.AssignmentId == "rptu-dl-ex2");
        Assert.Equal(("main", "answers.yaml", "ex2-{github_user}"), (layout.Branch, layout.AnswersPath, layout.RepoPattern));
        Assert.Contains("models/net.onnx", layout.ModelPaths);
        Assert.Equal("alice-gh", (await db.ForgeAccounts.SingleAsync()).Login);
        Assert.Equal("my-org/alice-ex2", (await db.ForgeRepositories.SingleAsync()).RepoFullName);

        // Running it again replaces the settings: here a token course becomes an App course.
        var key = Write("app.pem", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n");
        var again = await RunAsync("admin", "github", "course", "rptu", "--secret-file", Write("secret2", secret + "-2"),
            "--app-id", "12", "--installation-id", "34", "--private-key", key, "--public-url", "https://new.example.org");
        Assert.True(again.Code == 0, again.Error);
        await using var after = await database.OpenAsync();
        var replaced = await after.ForgeSettings.SingleAsync(f => f.CourseId == "rptu");
        Assert.Equal((secret + "-2", (string?)null, 12L, 34L, key, "https://new.example.org"),
            (replaced.WebhookSecret, replaced.Token, replaced.AppId!.Value, replaced.InstallationId!.Value, replaced.PrivateKeyPath, replaced.PublicUrl));
    }

    [Fact]
    public async Task A_short_secret_or_missing_credentials_are_refused()
    {
        var shortSecret = await RunAsync("admin", "github", "course", "rptu", "--secret-file", Write("short", "tooshort"),
            "--token-file", Write("t", "ghp_abc"), "--public-url", "https://g.example.org");
        var noCredentials = await RunAsync("admin", "github", "course", "rptu", "--secret-file", Write("long", new string('x', 32)),
            "--public-url", "https://g.example.org");
        Assert.NotEqual(0, shortSecret.Code);
        Assert.DoesNotContain("tooshort", shortSecret.Error);
        Assert.NotEqual(0, noCredentials.Code);
        Assert.Contains("token", noCredentials.Error);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
