using System.Net;
using Grader.Data.Admin;
using Grader.Data.Entities;
using Grader.Server.Hosting;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Forges;

/// <summary>Each person may make 3 requests, one more an hour: pushes count as uploads.</summary>
public sealed class RateLimitedGitHubFixture : GitHubFixture
{
    protected override RateLimits RateLimits => Api.RateLimitedServer.ThreeThenOneAnHour;
}

public sealed class PushRateLimitTests(RateLimitedGitHubFixture server) : IClassFixture<RateLimitedGitHubFixture>
{
    [Fact]
    public async Task A_push_over_the_students_budget_is_not_graded_and_the_commit_says_why()
    {
        var id = "s" + Guid.NewGuid().ToString("N")[..8];
        var issued = await Seed.StudentAsync(server, "ai6126", id);
        var repo = $"course-org/ai6126-hw1-{id}";
        var sha = GitHubDeliveries.NewSha();
        Assert.Null(await ForgeDirectory.LinkRepositoryAsync(server.Contexts, repo, "ai6126-hw1", id, CancellationToken.None));
        server.GitHub.AddRepository(repo);
        server.GitHub.AddFile(repo, sha, "answers.yaml", File.ReadAllBytes(RepositoryFiles.Reference("ai6126-hw1", "solution.yaml")));
        using var api = server.Client(issued.Token);
        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}")).StatusCode);

        using var hook = server.Client();
        using var delivery = GitHubDeliveries.Signed("push", GitHubDeliveries.Push(repo, sha), GitHubFixture.Secret, null);
        Assert.Equal(HttpStatusCode.Accepted, (await hook.SendAsync(delivery)).StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(40);
        RecordedCall? failure;
        while ((failure = server.GitHub.CallsTo($"/repos/{repo}/statuses/{sha}").LastOrDefault(c => c.Json.GetProperty("state").GetString() == "failure")) is null
               && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.NotNull(failure);
        Assert.Contains("Too many uploads and pushes", failure.Json.GetProperty("description").GetString());
        Assert.Empty(server.GitHub.CallsTo($"/repos/{repo}/contents/answers.yaml"));
        await using var db = await server.OpenAsync();
        var push = await db.ForgePushes.SingleAsync(p => p.CommitSha == sha);
        Assert.Equal((ForgePushStates.Rejected, (Guid?)null), (push.State, push.SubmissionId));
        Assert.False(await db.Submissions.AnyAsync(s => s.StudentId == issued.PersonId));
    }
}
