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
        var (issued, repo, sha) = await StudentPushes.LinkedRepositoryAsync(server);
        using var api = server.Client(issued.Token);
        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}")).StatusCode);

        var failure = await StudentPushes.PushAndAwaitFailureAsync(server, repo, sha);

        Assert.Contains("Too many uploads and pushes", failure);
        Assert.Empty(server.GitHub.CallsTo($"/repos/{repo}/contents/answers.yaml"));
        await using var db = await server.OpenAsync();
        var push = await db.ForgePushes.SingleAsync(p => p.CommitSha == sha);
        Assert.Equal((ForgePushStates.Rejected, (Guid?)null), (push.State, push.SubmissionId));
        Assert.False(await db.Submissions.AnyAsync(s => s.StudentId == issued.PersonId));
    }
}
