using System.Net;

namespace Grader.Server.Tests.Dashboard;

public sealed class SignInTests(DashboardFixture server) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task A_page_without_sign_in_redirects_to_the_login_page_with_the_way_back()
    {
        using var pages = server.Pages();
        var response = await pages.GetAsync("/staff/assignments/ai6126-hw1");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?ReturnUrl=%2Fstaff%2Fassignments%2Fai6126-hw1", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_and_no_session()
    {
        using var pages = server.Pages();
        var response = await pages.PostFormAsync("/login", "/login?handler=Staff", ("Login", DashboardFixture.AiTa), ("Password", "wrong password!"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Wrong login or password.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await pages.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_login_gets_the_same_answer_as_a_wrong_password()
    {
        using var pages = server.Pages();
        var response = await pages.PostFormAsync("/login", "/login?handler=Staff", ("Login", "nobody"), ("Password", "whatever123"));
        Assert.Contains("Wrong login or password.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_ta_sees_the_assignments_of_their_course_and_none_of_another()
    {
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.AiTa);
        var html = await pages.GetHtmlAsync("/");
        Assert.Contains("/staff/assignments/ai6126-hw1", html);
        Assert.DoesNotContain("rptu-dl-ex2", html);
    }

    [Fact]
    public async Task A_student_signs_in_with_their_token_and_sees_their_courses_assignments()
    {
        using var pages = server.Pages();
        await pages.SignInStudentAsync(await server.StudentTokenAsync("rptu"));
        var html = await pages.GetHtmlAsync("/");
        Assert.Contains("My assignments", html);
        Assert.Contains("/assignments/rptu-dl-ex2/submit", html);
        Assert.DoesNotContain("ai6126-hw1", html);
    }

    [Theory]
    [InlineData("/staff/assignments/ai6126-hw1")]
    [InlineData("/staff/assignments/ai6126-hw1/manual")]
    [InlineData("/staff/assignments/ai6126-hw1/release")]
    [InlineData("/staff/assignments/no-such-assignment")]
    [InlineData("/queue")]
    public async Task A_signed_in_student_who_opens_a_staff_page_gets_not_found(string path)
    {
        using var pages = server.Pages();
        await pages.SignInStudentAsync(await server.StudentTokenAsync());
        var response = await pages.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("name=\"Password\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_page_names_a_favicon_and_the_browsers_own_request_for_one_is_answered()
    {
        using var pages = server.Pages();
        var login = await pages.GetHtmlAsync("/login");
        var icon = System.Text.RegularExpressions.Regex.Match(login, @"<link rel=""icon"" href=""([^""]+)""").Groups[1].Value;
        var linked = await pages.GetAsync(System.Net.WebUtility.HtmlDecode(icon));
        var asked = await pages.GetAsync("/favicon.ico");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (linked.StatusCode, asked.StatusCode));
        Assert.Equal("image/svg+xml", asked.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<svg", await asked.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_revoked_looking_or_unknown_token_is_refused()
    {
        using var pages = server.Pages();
        var response = await pages.PostFormAsync("/login", "/login?handler=Student", ("Token", "grd_made-up"));
        Assert.Contains("That token is unknown, revoked or expired.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sign_in_never_redirects_off_site()
    {
        using var pages = server.Pages();
        var response = await pages.PostFormAsync("/login", "/login?handler=Staff",
            ("Login", DashboardFixture.AiTa), ("Password", Grader.TestSupport.SeedStaff.Password), ("ReturnUrl", "https://evil.example/"));
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_form_posted_without_the_anti_forgery_token_is_rejected()
    {
        using var pages = server.Pages();
        var response = await pages.Http.PostAsync("/login?handler=Staff", new FormUrlEncodedContent(
            [KeyValuePair.Create("Login", DashboardFixture.AiTa), KeyValuePair.Create("Password", Grader.TestSupport.SeedStaff.Password)]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.AiTa);
        Assert.Equal(HttpStatusCode.Redirect, (await pages.PostFormAsync("/", "/logout")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await pages.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Pages_forbid_inline_scripts_and_framing()
    {
        using var pages = server.Pages();
        var response = await pages.GetAsync("/login");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
    }

    [Fact]
    public async Task The_api_still_answers_problem_details_not_html()
    {
        using var client = server.Client();
        var response = await client.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
