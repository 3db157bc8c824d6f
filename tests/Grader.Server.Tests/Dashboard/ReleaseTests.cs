using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grader.Data.Entities;
using Grader.Data.Release;
using Grader.Server.Api.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Dashboard;

/// <summary>
/// The release policy through every way a student looks (the API's status and marks, the submission
/// page, the assignment list, the upload page) against what staff see; releasing from the page.
/// </summary>
public sealed class ReleaseTests(ReleaseFixture server) : IClassFixture<ReleaseFixture>
{
    private static async Task<SubmissionMarksDto> MarksAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<SubmissionMarksDto>($"/api/v1/submissions/{id}/marks"))!;

    [Fact]
    public async Task Before_the_deadline_a_student_sees_verdicts_but_no_expected_value_or_explanation_anywhere()
    {
        var (id, token) = await server.WrongAnswerAsync(ReleaseFixture.Open);
        using var student = server.Client(token);
        var raw = await student.GetStringAsync($"/api/v1/submissions/{id}/marks");
        var marks = await MarksAsync(student, id);

        var a = marks.Items.Single(m => m.ItemId == "a");
        Assert.Equal((0.0, "incorrect", "Incorrect."), (a.Points, a.Status, a.Feedback));
        Assert.False(a.Details!.Value.TryGetProperty("expected", out _));
        Assert.Equal("24", a.Details.Value.GetProperty("given").GetString());
        var essay = marks.Items.Single(m => m.ItemId == "essay");
        Assert.Equal((null, StudentMarks.BeingGraded), (essay.Points, essay.Status));
        Assert.Equal((SubmissionStatus.AwaitingManual, 1.0), (marks.Status, marks.Total));
        Assert.DoesNotContain(ReleaseFixture.Mistake, raw);
        Assert.DoesNotContain("\"42\"", raw);

        using var pages = await server.StudentPagesAsync(token);
        var html = await pages.GetHtmlAsync($"/submissions/{id}");
        Assert.DoesNotContain(ReleaseFixture.Mistake, html);
        Assert.DoesNotContain("<h4>Expected</h4>", html);
        Assert.Contains("id=\"key-held-back\"", html);
        Assert.Contains("submitted, being graded", html);

        // Staff see it all, through the API and the page.
        using var staff = server.Client(server.StaffToken);
        var full = await MarksAsync(staff, id);
        Assert.Equal(ReleaseFixture.Mistake, full.Items.Single(m => m.ItemId == "a").Feedback);
        Assert.Equal("42", full.Items.Single(m => m.ItemId == "a").Details!.Value.GetProperty("expected").GetString());
        Assert.Equal(("pending_manual", 0.0), (full.Items.Single(m => m.ItemId == "essay").Status, full.Items.Single(m => m.ItemId == "essay").Points));
        using var ta = await server.StaffPagesAsync();
        var staffHtml = await ta.GetHtmlAsync($"/submissions/{id}");
        Assert.Contains(ReleaseFixture.Mistake, staffHtml);
        Assert.Contains("<h4>Expected</h4>", staffHtml);
    }

    [Fact]
    public async Task After_the_deadline_the_answer_key_is_shown_without_a_release_but_the_essay_still_waits_for_one()
    {
        var (id, token) = await server.WrongAnswerAsync(ReleaseFixture.Closed);
        using var student = server.Client(token);
        var marks = await MarksAsync(student, id);
        var a = marks.Items.Single(m => m.ItemId == "a");
        Assert.Equal(ReleaseFixture.Mistake, a.Feedback);
        Assert.Equal("42", a.Details!.Value.GetProperty("expected").GetString());
        Assert.Equal(StudentMarks.BeingGraded, marks.Items.Single(m => m.ItemId == "essay").Status);
    }

    [Fact]
    public async Task Staff_only_data_of_a_changed_mark_never_reaches_the_student()
    {
        var (id, token) = await server.WrongAnswerAsync(ReleaseFixture.Closed);
        using var ta = await server.StaffPagesAsync();
        var path = $"/staff/submissions/{id}/override/a";
        var html = await ta.GetHtmlAsync(path);
        var seen = System.Text.RegularExpressions.Regex.Match(html, @"name=""Seen"" value=""(\d+)""").Groups[1].Value;
        var response = await ta.PostFormAsync(path, path, ("Seen", seen), ("Points", "1"), ("Feedback", "Accepted: 24 read as 42."),
            ("Reason", "Undo: instructor wants floor() required"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using (var db = await server.OpenAsync())
            await db.Assignments.Where(x => x.Id == ReleaseFixture.Closed).ExecuteUpdateAsync(set => set.SetProperty(x => x.ReleasedAt, ReleaseFixture.Now));

        using var student = server.Client(token);
        var raw = await student.GetStringAsync($"/api/v1/submissions/{id}/marks");
        using var pages = await server.StudentPagesAsync(token);
        var page = await pages.GetHtmlAsync($"/submissions/{id}");
        foreach (var text in new[] { raw, page })
        {
            Assert.Contains("Accepted: 24 read as 42.", text); // the feedback written for the student
            Assert.DoesNotContain("Undo: instructor wants floor() required", text);
            Assert.DoesNotContain("TA ta-ai", text);
        }
        Assert.DoesNotContain("Changes to the marks", page);
        Assert.Contains("Undo: instructor wants floor() required", await ta.GetHtmlAsync($"/submissions/{id}"));
        await using (var db = await server.OpenAsync())
            await db.Assignments.Where(x => x.Id == ReleaseFixture.Closed).ExecuteUpdateAsync(set => set.SetProperty(x => x.ReleasedAt, (DateTimeOffset?)null));
    }

    [Fact]
    public async Task Releasing_from_the_page_shows_the_key_and_the_ta_marks_and_withdrawing_hides_them_again()
    {
        await using (var db = await server.OpenAsync())
            await db.Assignments.Where(x => x.Id == ReleaseFixture.Open).ExecuteUpdateAsync(set => set.SetProperty(x => x.ReleasedAt, (DateTimeOffset?)null));
        var (id, token) = await server.WrongAnswerAsync(ReleaseFixture.Open);
        using var student = server.Client(token);
        using var ta = await server.StaffPagesAsync();
        const string page = $"/staff/assignments/{ReleaseFixture.Open}/release";
        Assert.Contains("Not released", await ta.GetHtmlAsync(page));

        var released = await ta.PostFormAsync(page, page + "?handler=Assignment", ("release", "true"));
        Assert.Equal(HttpStatusCode.Redirect, released.StatusCode);
        var after = await MarksAsync(student, id);
        Assert.Equal(ReleaseFixture.Mistake, after.Items.Single(m => m.ItemId == "a").Feedback);
        // Released, but the essay is not graded yet: incomplete, and the student sees it waiting for a TA.
        Assert.Equal(("pending_manual", SubmissionStatus.AwaitingManual), (after.Items.Single(m => m.ItemId == "essay").Status, after.Status));
        Assert.Contains("Released", await ta.GetHtmlAsync(page));
        Assert.Contains("by TA ta-ai", await ta.GetHtmlAsync(page));

        await ta.PostFormAsync(page, page + "?handler=Assignment", ("release", "false"));
        var withdrawn = await MarksAsync(student, id);
        Assert.Equal("Incorrect.", withdrawn.Items.Single(m => m.ItemId == "a").Feedback);
    }

    [Fact]
    public async Task One_ta_graded_item_can_be_released_ahead_of_the_assignment()
    {
        var (id, token) = await server.WrongAnswerAsync(ReleaseFixture.Closed);
        await using (var db = await server.OpenAsync())
        {
            var essay = await db.Marks.SingleAsync(m => m.SubmissionId == id && m.ItemId == "essay");
            essay.Points = 1.5; essay.Result = "partial"; essay.Source = "manual"; essay.Feedback = "Say why it vanishes.";
            await db.SaveChangesAsync();
        }
        using var student = server.Client(token);
        Assert.Equal(SubmissionStatus.AwaitingRelease, (await MarksAsync(student, id)).Status);

        using var ta = await server.StaffPagesAsync();
        const string page = $"/staff/assignments/{ReleaseFixture.Closed}/release";
        await ta.PostFormAsync(page, page + "?handler=Item", ("itemId", "essay"), ("release", "true"));
        var marks = await MarksAsync(student, id);
        var essayMark = marks.Items.Single(m => m.ItemId == "essay");
        Assert.Equal((1.5, "partial", "Say why it vanishes."), (essayMark.Points, essayMark.Status, essayMark.Feedback));
        Assert.Equal((SubmissionStatus.Graded, 2.5), (marks.Status, marks.Total));
        var status = await student.GetFromJsonAsync<SubmissionStatusDto>($"/api/v1/submissions/{id}");
        Assert.Equal(SubmissionStatus.Graded, status!.Status);

        await ta.PostFormAsync(page, page + "?handler=Item", ("itemId", "essay"), ("release", "false"));
        Assert.Equal(SubmissionStatus.AwaitingRelease, (await MarksAsync(student, id)).Status);
    }

    [Fact]
    public async Task The_students_lists_show_the_total_they_may_see()
    {
        var (_, token) = await server.WrongAnswerAsync(ReleaseFixture.Open);
        using var pages = await server.StudentPagesAsync(token);
        var home = await pages.GetHtmlAsync("/");
        var upload = await pages.GetHtmlAsync($"/assignments/{ReleaseFixture.Open}/submit");
        // b is right (1 point), a wrong, the essay held back: 1 of 4, "being graded".
        foreach (var html in new[] { home, upload })
        {
            Assert.Contains("1 / 4", html);
            Assert.Contains("submitted, being graded", html);
        }
    }

    [Fact]
    public async Task A_ta_of_another_course_cannot_open_or_post_the_release_page()
    {
        using var other = await server.StaffPagesAsync(DashboardFixture.RptuTa);
        const string page = $"/staff/assignments/{ReleaseFixture.Open}/release";
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(page)).StatusCode);
        var post = await other.PostFormAsync("/", page + "?handler=Assignment", ("release", "true"));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }
}
