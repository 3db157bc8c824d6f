using System.Net;
using System.Net.Http.Json;
using Grader.Data.Admin;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Forges;

/// <summary>
/// Students' repository links: GitHub's own name rules, and one repository per student and
/// assignment; and a push held to the same storage quota as an upload (this class's course has a
/// tiny one: it uploads nothing else).
/// </summary>
public sealed class RepositoryLinkTests(GitHubFixture server) : IClassFixture<GitHubFixture>
{
    private async Task<(HttpClient Client, long StudentId, string Login)> StudentWithLoginAsync()
    {
        var id = "s" + Guid.NewGuid().ToString("N")[..8];
        var issued = await Seed.StudentAsync(server, "ai6126", id);
        var login = "gh-" + id;
        Assert.Null(await ForgeDirectory.SetAccountAsync(server.Contexts, "ai6126", id, login, CancellationToken.None));
        return (server.Client(issued.Token), issued.PersonId, login);
    }

    [Theory]
    [InlineData("/..")]
    [InlineData("/x?y#z")]
    [InlineData("/.")]
    [InlineData("/hw1/extra")]
    [InlineData("/name with spaces")]
    public async Task A_name_GitHub_would_not_accept_is_refused_with_400(string suffix)
    {
        var (client, studentId, login) = await StudentWithLoginAsync();
        using (client)
        {
            var response = await client.PutAsJsonAsync("/api/v1/assignments/ai6126-hw1/repository", new { repository = login + suffix });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        await using var db = await server.OpenAsync();
        Assert.False(await db.ForgeRepositories.AnyAsync(r => r.StudentId == studentId));
    }

    [Fact]
    public async Task A_5000_character_name_is_refused_and_not_echoed_whole()
    {
        var (client, _, login) = await StudentWithLoginAsync();
        using var _ = client;
        var response = await client.PutAsJsonAsync("/api/v1/assignments/ai6126-hw1/repository", new { repository = login + "/" + new string('r', 5000) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadAsStringAsync()).Length < 1000);
    }

    [Fact]
    public async Task Linking_again_replaces_the_students_repository_for_the_assignment()
    {
        var (client, studentId, login) = await StudentWithLoginAsync();
        using var _ = client;
        for (int i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/v1/assignments/ai6126-hw1/repository", new { repository = $"{login}/hw1-try{i}" })).StatusCode);

        await using var db = await server.OpenAsync();
        Assert.Equal([$"{login}/hw1-try4"], await db.ForgeRepositories.Where(r => r.StudentId == studentId).Select(r => r.RepoFullName).ToListAsync());
    }

    [Fact]
    public async Task A_push_whose_files_do_not_fit_the_students_quota_is_rejected_on_the_commit_and_stores_nothing()
    {
        await CourseSettings.SetQuotasAsync(server.Contexts, "ai6126", perStudent: 100, perCourse: null, CancellationToken.None);
        var (issued, repo, sha) = await StudentPushes.LinkedRepositoryAsync(server);

        var failure = await StudentPushes.PushAndAwaitFailureAsync(server, repo, sha);

        Assert.StartsWith("Your submissions use 0 B of your 100 B", failure);
        await using var db = await server.OpenAsync();
        Assert.False(await db.Submissions.AnyAsync(s => s.StudentId == issued.PersonId));
        Assert.Equal(0, await db.Students.Where(s => s.Id == issued.PersonId).Select(s => s.StoredBytes).SingleAsync());
    }
}
