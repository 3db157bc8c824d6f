using System.Net;
using Grader.Data.Admin;
using Grader.Server.Hosting;
using Grader.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Dashboard;

/// <summary>Dashboard sessions live on the server: whatever ends them ends them everywhere at once.</summary>
public sealed class SessionTests(DashboardFixture server) : IClassFixture<DashboardFixture>
{
    /// <summary>A client that sends only the given cookie header, as an attacker replaying a saved cookie would.</summary>
    private HttpClient WithCookies(string cookieHeader)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return client;
    }

    private static string CookiesOf(PageClient pages, Uri address) => pages.Cookies.GetCookieHeader(address);

    [Fact]
    public async Task A_cookie_saved_before_sign_out_no_longer_opens_the_gradebook()
    {
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.AiTa);
        var saved = CookiesOf(pages, server.BaseAddress);
        using (var replay = WithCookies(saved))
            Assert.Equal(HttpStatusCode.OK, (await replay.GetAsync("/staff/assignments/ai6126-hw1")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await pages.PostFormAsync("/", "/logout")).StatusCode);

        using var after = WithCookies(saved);
        var response = await after.GetAsync("/staff/assignments/ai6126-hw1");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Revoking_the_token_a_student_signed_in_with_ends_their_session_and_their_uploads()
    {
        var id = "s" + Guid.NewGuid().ToString("N")[..8];
        var issued = await Seed.StudentAsync(server, "ai6126", id);
        using var pages = server.Pages();
        await pages.SignInStudentAsync(issued.Token);
        var form = PageClient.AntiforgeryToken(await pages.GetHtmlAsync("/assignments/ai6126-hw1/submit"));

        var revoked = await TokenDirectory.RevokeStudentAsync(server.Contexts, "ai6126", id, CancellationToken.None);

        Assert.Contains("1 token revoked", revoked.Lines[0]);
        Assert.Equal(HttpStatusCode.Redirect, (await pages.GetAsync("/")).StatusCode);
        var upload = await pages.Http.PostAsync("/assignments/ai6126-hw1/submit", StudentUploadPageTests.Form(form, Uploads.Reference("ai6126-hw1")));
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        await using var db = await server.OpenAsync();
        Assert.DoesNotContain(db.Submissions, s => s.StudentId == issued.PersonId);
    }

    [Fact]
    public async Task A_new_password_ends_every_session_of_the_person()
    {
        var login = "ta-pw-" + Guid.NewGuid().ToString("N")[..6];
        await SeedStaff.AddAsync(server, "ai6126", login);
        using var laptop = server.Pages();
        using var phone = server.Pages();
        await laptop.SignInStaffAsync(login);
        await phone.SignInStaffAsync(login);

        var changed = await StaffDirectory.SetPasswordAsync(server.Contexts, login, "a brand new password", CancellationToken.None);

        Assert.Contains("2 dashboard sessions ended", changed.Lines[0]);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/")).StatusCode);
        using var again = server.Pages();
        await again.SignInStaffAsync(login, "a brand new password");
    }

    [Fact]
    public async Task Taking_someone_off_a_course_closes_that_course_to_their_open_session_at_once()
    {
        var login = "ta-rm-" + Guid.NewGuid().ToString("N")[..6];
        await SeedStaff.AddAsync(server, "ai6126", login);
        await SeedStaff.AddAsync(server, "rptu", login);
        using var pages = server.Pages();
        await pages.SignInStaffAsync(login);
        Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync("/staff/assignments/ai6126-hw1")).StatusCode);

        await StaffDirectory.RemoveAsync(server.Contexts, "ai6126", login, CancellationToken.None);

        Assert.NotEqual(HttpStatusCode.OK, (await pages.GetAsync("/staff/assignments/ai6126-hw1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync("/staff/assignments/rptu-dl-ex2")).StatusCode);
    }

    [Fact]
    public async Task A_second_api_process_on_the_same_database_accepts_the_session_so_a_redeploy_signs_nobody_out()
    {
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.AiTa);
        var cookies = CookiesOf(pages, server.BaseAddress);

        // Another process of the deployment: its own host, services and DataProtection instance; only the database is shared.
        await using var second = GraderServer.Build(new ServerSettings { ConnectionString = server.ConnectionString, Urls = ["http://127.0.0.1:0"] });
        await second.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(second.Urls.First()) };
        client.DefaultRequestHeaders.Add("Cookie", cookies);
        var response = await client.GetAsync("/staff/assignments/ai6126-hw1");
        await second.StopAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The key that encrypted the cookie is in PostgreSQL, not in a folder of this machine.
        await using var db = await server.OpenAsync();
        Assert.True(await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM data_protection_keys WHERE xml LIKE '%<key id=%'").SingleAsync() >= 1);
    }
}
