using System.Net;
using System.Net.Http.Json;
using Grader.Data.Admin;
using Grader.Data.Security;
using Grader.Server.Api.Submissions;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Api;

/// <summary>Tokens over real HTTP: re-issue, revocation, expiry, and a staff token that follows its person's courses.</summary>
public sealed class TokenTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static string NewId() => "s" + Guid.NewGuid().ToString("N")[..8];

    private static Task<HttpStatusCode> StatusAsync(HttpClient client) =>
        client.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}").ContinueWith(t => t.Result.StatusCode);

    /// <summary>Waits (bounded, well under the 30 s a found token is remembered) until the token is refused.</summary>
    private static Task<HttpStatusCode> RefusedWithinAsync(HttpClient client, TimeSpan limit) =>
        Poll.UntilAsync(() => StatusAsync(client), status => status == HttpStatusCode.Unauthorized, limit, intervalMs: 20);

    [Fact]
    public async Task A_roster_issued_again_revokes_the_old_token()
    {
        var id = NewId();
        var first = await Seed.StudentAsync(server, "ai6126", id);
        using var old = server.Client(first.Token);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(old)); // now remembered by the API

        var second = await Seed.StudentAsync(server, "ai6126", id);

        Assert.Equal(HttpStatusCode.Unauthorized, await RefusedWithinAsync(old, TimeSpan.FromSeconds(5)));
        using var fresh = server.Client(second.Token);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(fresh));
    }

    [Fact]
    public async Task A_token_revoked_by_id_is_refused_at_once_though_the_api_had_just_seen_it()
    {
        var issued = await Seed.StudentAsync(server, "ai6126", NewId());
        using var client = server.Client(issued.Token);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(client));
        var listed = await TokenDirectory.ListAsync(server.Contexts, "ai6126", all: false, CancellationToken.None);
        var row = listed.Single(t => t.Owner == "student " + issued.ExternalId);

        var outcome = await TokenDirectory.RevokeAsync(server.Contexts, row.Id, CancellationToken.None);

        Assert.True(outcome.Ok);
        Assert.Equal(HttpStatusCode.Unauthorized, await RefusedWithinAsync(client, TimeSpan.FromSeconds(5)));
        var after = await TokenDirectory.ListAsync(server.Contexts, "ai6126", all: true, CancellationToken.None);
        Assert.Equal("revoked", after.Single(t => t.Id == row.Id).State(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Tokens_of_a_course_whose_term_has_ended_are_refused()
    {
        await Seed.RubricAsync(server, "en4553-a2", "term-over");
        var issued = await Seed.StudentAsync(server, "term-over", NewId());
        using var client = server.Client(issued.Token);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(client));

        var outcome = await TokenDirectory.SetCourseExpiryAsync(server.Contexts, "term-over", DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None);

        Assert.Contains("1 student token set so", outcome.Lines[0]);
        Assert.Equal(HttpStatusCode.Unauthorized, await RefusedWithinAsync(client, TimeSpan.FromSeconds(5)));
        var late = await Seed.StudentAsync(server, "term-over", NewId());
        using var lateClient = server.Client(late.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(lateClient));
    }

    [Fact]
    public async Task A_staff_token_sees_every_course_of_its_person_and_loses_one_when_they_leave_it()
    {
        var ai = await UploadAsync("ai6126", "ai6126-hw1");
        var rptu = await UploadAsync("rptu", "rptu-dl-ex2");
        var login = "ta" + Guid.NewGuid().ToString("N")[..6];
        await StaffDirectory.AddAsync(server.Contexts, "ai6126", login, null, "ta", null, CancellationToken.None);
        await StaffDirectory.AddAsync(server.Contexts, "rptu", login, null, "ta", null, CancellationToken.None);
        var token = (await StaffDirectory.IssueTokenAsync(server.Contexts, login, null, CancellationToken.None)).Token!;
        using var staff = server.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/v1/submissions/{ai}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/v1/submissions/{rptu}")).StatusCode);

        await StaffDirectory.RemoveAsync(server.Contexts, "rptu", login, CancellationToken.None);

        var status = await Poll.UntilAsync(async () => (await staff.GetAsync($"/api/v1/submissions/{rptu}")).StatusCode,
            status => status != HttpStatusCode.OK, TimeSpan.FromSeconds(5), intervalMs: 20);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/v1/submissions/{ai}")).StatusCode);
    }

    private async Task<Guid> UploadAsync(string course, string assignment)
    {
        using var client = server.Client(await server.StudentTokenAsync(course));
        var response = await client.PostAsync($"/api/v1/assignments/{assignment}/submissions", Uploads.Answers(Uploads.Reference(assignment)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmissionAccepted>())!.Id;
    }
}
