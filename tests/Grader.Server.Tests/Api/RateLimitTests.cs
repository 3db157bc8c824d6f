using System.Net;
using Grader.Server.Hosting;
using Grader.Server.Tests.Dashboard;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Api;

/// <summary>
/// A server where each person may make 3 requests and gets one more per hour: no test can take
/// long enough for a refill, so the counts below do not depend on the machine's speed.
/// </summary>
public sealed class RateLimitedServer : ServerFixture
{
    public static RateLimits ThreeThenOneAnHour => new() { RequestsPerPeriod = 1, Period = TimeSpan.FromHours(1), Burst = 3 };

    protected override RateLimits RateLimits => ThreeThenOneAnHour;
}

public sealed class RateLimitTests(RateLimitedServer server) : IClassFixture<RateLimitedServer>
{
    [Fact]
    public async Task A_person_over_their_rate_gets_429_with_retry_after_and_others_are_unaffected()
    {
        using var greedy = server.Client(await server.StudentTokenAsync());
        using var polite = server.Client(await server.StudentTokenAsync());
        var codes = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (int i = 0; i < 6; i++)
        {
            var response = await greedy.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}");
            codes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited ??= response;
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.NotFound, 3), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], codes);
        Assert.Equal("application/problem+json", limited!.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromHours(1), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.NotFound, (await polite.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Spaces_after_Bearer_do_not_make_a_new_bucket_the_person_is_counted()
    {
        var token = await server.StudentTokenAsync();
        using var client = server.Client();
        var codes = new List<HttpStatusCode>();
        for (int spaces = 1; spaces <= 6; spaces++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/submissions/{Guid.NewGuid()}");
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer" + new string(' ', spaces * 20) + token);
            codes.Add((await client.SendAsync(request)).StatusCode);
        }
        Assert.Equal(3, codes.Count(c => c == HttpStatusCode.NotFound));
        Assert.Equal(3, codes.Count(c => c == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task The_upload_form_takes_from_the_same_budget_as_the_students_api_token()
    {
        var student = await Seed.StudentAsync(server, "ai6126", "s" + Guid.NewGuid().ToString("N")[..8]);
        var token = student.Token;
        using var api = server.Client(token);
        using var pages = new PageClient(server.BaseAddress);
        await pages.SignInStudentAsync(token);
        // Two API requests, then the form page: the budget of 3 is spent.
        for (int i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}")).StatusCode);
        var form = await pages.GetHtmlAsync("/assignments/ai6126-hw1/submit");

        var posted = await pages.Http.PostAsync("/assignments/ai6126-hw1/submit",
            StudentUploadPageTests.Form(PageClient.AntiforgeryToken(form), Uploads.Reference("ai6126-hw1")));

        Assert.Equal(HttpStatusCode.TooManyRequests, posted.StatusCode);
        await using var db = await server.OpenAsync();
        Assert.False(await db.Submissions.AnyAsync(s => s.StudentId == student.PersonId));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}")).StatusCode);
    }
}
