using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Grader.Data.Entities;
using Grader.Server.Api.Submissions;
using Grader.Server.Grading.Requests;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Dashboard;

/// <summary>
/// Regrade requests on <see cref="ReleaseFixture"/>'s closed quiz (a: the foreseen wrong answer 24
/// for 42, 0 of 1 point): asked from the submission page and through the API, answered by staff.
/// </summary>
public sealed partial class RegradeRequestTests(ReleaseFixture server) : IClassFixture<ReleaseFixture>
{
    private const string Quiz = ReleaseFixture.Closed;

    private async Task SetReleasedAsync(bool released)
    {
        await using var db = await server.OpenAsync();
        await db.Assignments.Where(a => a.Id == Quiz)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.ReleasedAt, released ? ReleaseFixture.Now : null));
    }

    private static Task<HttpResponseMessage> AskOnPageAsync(PageClient pages, Guid submission, string item, string message) =>
        pages.PostFormAsync($"/submissions/{submission}", $"/submissions/{submission}?handler=RegradeRequest", ("itemId", item), ("message", message));

    /// <summary>Answers a request on its page, the mark as it was when the page was opened.</summary>
    private static async Task<HttpResponseMessage> AnswerAsync(PageClient pages, long request, string reply, string points, string? seen = null)
    {
        var page = $"/staff/requests/{request}";
        seen ??= SeenOn(await pages.GetHtmlAsync(page));
        return await pages.PostFormAsync(page, page, ("Seen", seen), ("Reply", reply), ("Points", points));
    }

    private static string SeenOn(string html) => Regex.Match(html, @"name=""Seen"" value=""(\d+)""").Groups[1].Value;

    private async Task<List<RegradeRequest>> RequestsAsync(Guid submission)
    {
        await using var db = await server.OpenAsync();
        return await db.RegradeRequests.AsNoTracking().Where(r => r.SubmissionId == submission).OrderBy(r => r.Id).ToListAsync();
    }

    [Fact]
    public async Task Before_the_release_there_is_no_form_and_a_request_is_refused()
    {
        await SetReleasedAsync(false);
        var (submission, token) = await server.WrongAnswerAsync(Quiz);
        using var pages = await server.StudentPagesAsync(token);
        Assert.DoesNotContain("Ask for a regrade", await pages.GetHtmlAsync($"/submissions/{submission}"));

        var refused = await AskOnPageAsync(pages, submission, "a", "24 is 42 backwards, please look again.");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Regrade requests open once this item&#x27;s mark is released.", await refused.Content.ReadAsStringAsync());
        using var api = server.Client(token);
        var viaApi = await api.PostAsJsonAsync($"/api/v1/submissions/{submission}/items/a/regrade-requests", new RegradeRequestBody("Please."));
        Assert.Equal(HttpStatusCode.Conflict, viaApi.StatusCode);
        Assert.Empty(await RequestsAsync(submission));
    }

    [Fact]
    public async Task A_student_asks_staff_answer_with_a_new_mark_through_the_audited_path_and_the_student_sees_the_answer()
    {
        await SetReleasedAsync(true);
        var (submission, token) = await server.WrongAnswerAsync(Quiz);
        using var student = await server.StudentPagesAsync(token);
        Assert.Contains("Ask for a regrade of a", await student.GetHtmlAsync($"/submissions/{submission}"));
        var asked = await AskOnPageAsync(student, submission, "a", "I wrote 24 but meant 42: the digits are swapped, not the method.");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var request = Assert.Single(await RequestsAsync(submission));
        Assert.Equal(("a", 0.0, true), (request.ItemId, request.PointsBefore, request.IsOpen));
        // One open request per item: the form is gone, and a second request is refused.
        Assert.DoesNotContain("Ask for a regrade of a<", await student.GetHtmlAsync($"/submissions/{submission}"));
        Assert.Equal(HttpStatusCode.BadRequest, (await AskOnPageAsync(student, submission, "a", "Again.")).StatusCode);

        using var ta = await server.StaffPagesAsync();
        int open;
        await using (var db = await server.OpenAsync())
            open = await db.RegradeRequests.CountAsync(r => r.AssignmentId == Quiz && r.AnsweredAt == null); // other tests' too
        var home = await ta.GetHtmlAsync("/");
        Assert.Matches($@"href=""/staff/requests\?assignment={Quiz}"" class=""count warn"">{open}</a>", home);
        var queue = await ta.GetHtmlAsync($"/staff/requests?assignment={Quiz}");
        Assert.Contains("I wrote 24 but meant 42", queue);
        Assert.Contains($"<strong id=\"open-count\">{open}</strong> open", queue);

        var answered = await AnswerAsync(ta, request.Id, "Accepted this once: half a point.", "0.5");
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);

        await using (var db = await server.OpenAsync())
        {
            var mark = await db.Marks.AsNoTracking().SingleAsync(m => m.SubmissionId == submission && m.ItemId == "a");
            Assert.Equal((0.5, "override"), (mark.Points, mark.Source));
            var change = await db.MarkChanges.AsNoTracking().Include(c => c.Staff).SingleAsync(c => c.SubmissionId == submission && c.ItemId == "a");
            Assert.Equal(($"regrade request #{request.Id}: Accepted this once: half a point.", 0.0, 0.5, DashboardFixture.AiTa),
                (change.Reason, change.OldPoints!.Value, change.NewPoints, change.Staff!.ExternalId));
        }
        var closed = Assert.Single(await RequestsAsync(submission));
        Assert.Equal((0.5, "Accepted this once: half a point."), (closed.PointsAfter, closed.Answer));

        var own = await student.GetHtmlAsync($"/submissions/{submission}");
        Assert.Contains("Accepted this once: half a point.", own);
        Assert.Contains("0 → 0.5 points", WebUtility.HtmlDecode(own));
        Assert.DoesNotContain("TA ta-ai", own);
        Assert.DoesNotContain($"regrade request #{request.Id}:", own); // the override's reason is staff-only
        Assert.Contains($"<strong id=\"open-count\">{open - 1}</strong> open", await ta.GetHtmlAsync($"/staff/requests?assignment={Quiz}"));
    }

    [Fact]
    public async Task An_answer_may_keep_the_mark_and_a_second_answer_to_the_same_request_is_refused()
    {
        await SetReleasedAsync(true);
        var (submission, token) = await server.WrongAnswerAsync(Quiz);
        using var student = await server.StudentPagesAsync(token);
        await AskOnPageAsync(student, submission, "b", "Is 7 right?");
        var request = Assert.Single(await RequestsAsync(submission));
        using var ta = await server.StaffPagesAsync();
        using var prof = await server.StaffPagesAsync(DashboardFixture.AiInstructor);
        var seen = SeenOn(await ta.GetHtmlAsync($"/staff/requests/{request.Id}"));

        var first = await AnswerAsync(ta, request.Id, "Yes, 7 is right: full marks stand.", "", seen);
        var second = await AnswerAsync(prof, request.Id, "Something else.", "0", seen);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var closed = Assert.Single(await RequestsAsync(submission));
        Assert.Equal((1.0, "Yes, 7 is right: full marks stand."), (closed.PointsAfter, closed.Answer));
        await using var db = await server.OpenAsync();
        Assert.False(await db.MarkChanges.AnyAsync(c => c.SubmissionId == submission && c.ItemId == "b"));
    }

    [Fact]
    public async Task Through_the_api_a_student_asks_about_their_own_released_item_once_and_reads_the_answer()
    {
        await SetReleasedAsync(true);
        var (submission, token) = await server.WrongAnswerAsync(Quiz);
        var (other, _) = await server.WrongAnswerAsync(Quiz);
        using var api = server.Client(token);
        var created = await api.PostAsJsonAsync($"/api/v1/submissions/{submission}/items/a/regrade-requests", new RegradeRequestBody("Digits swapped."));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<StudentRequest>();
        Assert.Equal(("a", "Digits swapped.", true), (body!.ItemId, body.Message, body.IsOpen));
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsJsonAsync($"/api/v1/submissions/{submission}/items/a/regrade-requests",
            new RegradeRequestBody("Again."))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/v1/submissions/{other}/items/a/regrade-requests",
            new RegradeRequestBody("Not mine."))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/submissions/{other}/regrade-requests")).StatusCode);
        using var staff = server.Client(server.StaffToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync($"/api/v1/submissions/{submission}/items/b/regrade-requests",
            new RegradeRequestBody("Staff cannot."))).StatusCode);
        var listed = await staff.GetFromJsonAsync<List<StudentRequest>>($"/api/v1/submissions/{submission}/regrade-requests");
        Assert.Equal(["Digits swapped."], listed!.Select(r => r.Message));
    }

    [Fact]
    public async Task A_ta_of_another_course_cannot_see_or_answer_a_request()
    {
        await SetReleasedAsync(true);
        var (submission, token) = await server.WrongAnswerAsync(Quiz);
        using var student = await server.StudentPagesAsync(token);
        await AskOnPageAsync(student, submission, "a", "Please look.");
        var request = (await RequestsAsync(submission)).Single();
        using var other = await server.StaffPagesAsync(DashboardFixture.RptuTa);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/staff/requests/{request.Id}")).StatusCode);
        Assert.DoesNotContain("Please look.", await other.GetHtmlAsync("/staff/requests"));
        var post = await other.PostFormAsync("/", $"/staff/requests/{request.Id}", ("Seen", "0"), ("Reply", "x"), ("Points", "1"));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.True((await RequestsAsync(submission)).Single().IsOpen);
    }
}
