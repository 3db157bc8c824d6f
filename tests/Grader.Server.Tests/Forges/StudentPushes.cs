using System.Net;
using Grader.Data.Admin;
using Grader.TestSupport;

namespace Grader.Server.Tests.Forges;

/// <summary>A new student's linked repository with the reference answers at one commit, and pushing it.</summary>
public static class StudentPushes
{
    public static async Task<(IssuedToken Student, string Repo, string Sha)> LinkedRepositoryAsync(GitHubFixture server)
    {
        var id = "s" + Guid.NewGuid().ToString("N")[..8];
        var issued = await Seed.StudentAsync(server, "ai6126", id);
        var repo = $"course-org/ai6126-hw1-{id}";
        var sha = GitHubDeliveries.NewSha();
        Assert.Null(await ForgeDirectory.LinkRepositoryAsync(server.Contexts, repo, "ai6126-hw1", id, CancellationToken.None));
        server.GitHub.AddRepository(repo);
        server.GitHub.AddFile(repo, sha, "answers.yaml", File.ReadAllBytes(RepositoryFiles.Reference("ai6126-hw1", "solution.yaml")));
        return (issued, repo, sha);
    }

    /// <summary>Delivers the push and waits (bounded) for a failure status on the commit; its description.</summary>
    public static async Task<string?> PushAndAwaitFailureAsync(GitHubFixture server, string repo, string sha)
    {
        using var hook = server.Client();
        using var delivery = GitHubDeliveries.Signed("push", GitHubDeliveries.Push(repo, sha), GitHubFixture.Secret, null);
        Assert.Equal(HttpStatusCode.Accepted, (await hook.SendAsync(delivery)).StatusCode);
        var failure = await Poll.ObserveUntilAsync(
            () => server.GitHub.CallsTo($"/repos/{repo}/statuses/{sha}").LastOrDefault(c => c.Json.GetProperty("state").GetString() == "failure"),
            call => call is not null, TimeSpan.FromSeconds(40));
        return failure?.Json.GetProperty("description").GetString();
    }
}
