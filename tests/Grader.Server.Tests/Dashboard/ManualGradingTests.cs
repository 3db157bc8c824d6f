using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Grader.Data.Entities;
using Grader.Server.Api.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Dashboard;

/// <summary>Three students who answered every text item of ai6126-hw1 (the reference solution).</summary>
public sealed class ManualGradingFixture : DashboardFixture
{
    public List<(Guid Submission, string Token)> Students { get; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (int i = 0; i < 3; i++)
        {
            var token = await StudentTokenAsync();
            Students.Add((await Submissions.GradedAsync(this, token, Uploads.Reference("ai6126-hw1")), token));
        }
    }
}

public sealed partial class ManualGradingTests(ManualGradingFixture server) : IClassFixture<ManualGradingFixture>
{
    private const string Q4 = "/staff/assignments/ai6126-hw1/manual/q4.l1_vs_l2";

    private static long MarkIdOn(string html) => long.Parse(MarkIdInput().Match(html).Groups[1].Value);

    private static int GradedOn(string html) => int.Parse(Progress().Match(html).Groups[1].Value);

    private async Task<PageClient> SignedInAsync(string login = DashboardFixture.AiTa)
    {
        var pages = server.Pages();
        await pages.SignInStaffAsync(login);
        return pages;
    }

    private async Task<Mark> MarkAsync(long id)
    {
        await using var db = await server.OpenAsync();
        return await db.Marks.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    private async Task<List<MarkChange>> ChangesAsync(long markId)
    {
        var mark = await MarkAsync(markId);
        await using var db = await server.OpenAsync();
        return await db.MarkChanges.AsNoTracking().Include(c => c.Staff)
            .Where(c => c.SubmissionId == mark.SubmissionId && c.ItemId == mark.ItemId).ToListAsync();
    }

    [Fact]
    public async Task Saving_a_score_sets_a_manual_mark_writes_its_audit_row_and_shows_the_next_answer()
    {
        using var pages = await SignedInAsync();
        var html = await pages.GetHtmlAsync(Q4);
        long markId = MarkIdOn(html);
        int graded = GradedOn(html);

        var response = await pages.PostFormAsync(Q4, Q4, ("MarkId", markId.ToString()), ("Points", "1.5"), ("Comment", "Outliers, but no reason why."));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var next = await pages.GetHtmlAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Saved: 1.5 / 2 points.", next);
        Assert.Equal(graded + 1, GradedOn(next));
        Assert.NotEqual(markId, MarkIdOn(next));

        var mark = await MarkAsync(markId);
        Assert.Equal((1.5, "manual", "partial", "Outliers, but no reason why."), (mark.Points, mark.Source, mark.Result, mark.Feedback));
        var change = Assert.Single(await ChangesAsync(markId));
        Assert.Equal((DashboardFixture.AiTa, 0.0, "auto", 1.5, "manual", "manual grading"),
            (change.Staff!.ExternalId, change.OldPoints, change.OldSource, change.NewPoints, change.NewSource, change.Reason));
        Assert.Equal("Awaiting grading by a TA.", change.OldFeedback);
    }

    [Theory]
    [InlineData("1.5", "Points must be between 0 and 1.")]
    [InlineData("-1", "Points must be between 0 and 1.")]
    [InlineData("0.33", "Points go in steps of 0.05.")]
    [InlineData("", "Enter the points.")]
    public async Task Points_out_of_range_are_refused_and_nothing_changes(string points, string message)
    {
        const string q3 = "/staff/assignments/ai6126-hw1/manual/q3.i.mse_drawback";
        using var pages = await SignedInAsync();
        long markId = MarkIdOn(await pages.GetHtmlAsync(q3));

        var response = await pages.PostFormAsync(q3, q3, ("MarkId", markId.ToString()), ("Points", points), ("Comment", "no"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, html);
        Assert.Equal(markId, MarkIdOn(html)); // the same answer again, to correct the score
        Assert.Equal("pending_manual", (await MarkAsync(markId)).Result);
        Assert.Empty(await ChangesAsync(markId));
    }

    [Fact]
    public async Task Two_tas_saving_the_same_answer_at_once_do_not_overwrite_each_other()
    {
        const string q5 = "/staff/assignments/ai6126-hw1/manual/q5.batchnorm_batch_size";
        using var ta = await SignedInAsync();
        using var prof = await SignedInAsync(DashboardFixture.AiInstructor);
        long markId = MarkIdOn(await ta.GetHtmlAsync(q5));
        Assert.Equal(markId, MarkIdOn(await prof.GetHtmlAsync(q5))); // both see the same answer first

        var responses = await Task.WhenAll(
            ta.PostFormAsync(q5, q5, ("MarkId", markId.ToString()), ("Points", "2"), ("Comment", "TA's mark")),
            prof.PostFormAsync(q5, q5, ("MarkId", markId.ToString()), ("Points", "0"), ("Comment", "Prof's mark")));
        var pagesAfter = new[] { await ta.GetHtmlAsync(responses[0].Headers.Location!.OriginalString),
            await prof.GetHtmlAsync(responses[1].Headers.Location!.OriginalString) };

        var change = Assert.Single(await ChangesAsync(markId));
        var mark = await MarkAsync(markId);
        Assert.Equal((change.NewPoints, change.NewFeedback), (mark.Points, mark.Feedback));
        Assert.Single(pagesAfter, html => html.Contains("Someone else graded that answer meanwhile; their mark stands."));
        Assert.Single(pagesAfter, html => html.Contains("Saved:"));
    }

    [Fact]
    public async Task A_submission_whose_text_items_are_all_graded_has_nothing_pending()
    {
        var (submission, token) = server.Students[2];
        long[] markIds;
        await using (var db = await server.OpenAsync())
            markIds = await db.Marks.Where(m => m.SubmissionId == submission && m.Result == "pending_manual").Select(m => m.Id).ToArrayAsync();
        using var pages = await SignedInAsync();
        foreach (var id in markIds)
        {
            var item = (await MarkAsync(id)).ItemId;
            var path = $"/staff/assignments/ai6126-hw1/manual/{item}";
            Assert.Equal(HttpStatusCode.Redirect, (await pages.PostFormAsync(path, path, ("MarkId", id.ToString()), ("Points", "1"), ("Comment", ""))).StatusCode);
        }

        using var student = server.Client(token);
        var held = await student.GetFromJsonAsync<SubmissionMarksDto>($"/api/v1/submissions/{submission}/marks");
        Assert.Equal((SubmissionStatus.AwaitingRelease, 3), (held!.Status, held.Pending)); // graded by hand, not yet released
        const string release = "/staff/assignments/ai6126-hw1/release";
        Assert.Equal(HttpStatusCode.Redirect, (await pages.PostFormAsync(release, release + "?handler=Assignment", ("release", "true"))).StatusCode);

        var marks = await student.GetFromJsonAsync<SubmissionMarksDto>($"/api/v1/submissions/{submission}/marks");
        Assert.Equal((SubmissionStatus.Graded, 0), (marks!.Status, marks.Pending));
        // reference answers score 15 automatically, plus 1 for each of the three text items
        Assert.Equal(18, marks.Total);
        Assert.All(marks.Items.Where(i => i.Source == "manual"), i => Assert.Equal("Graded by a TA.", i.Feedback));
    }

    [Fact]
    public async Task The_item_picker_shows_each_text_item_with_its_progress()
    {
        using var pages = await SignedInAsync();
        var html = await pages.GetHtmlAsync("/staff/assignments/ai6126-hw1/manual");
        Assert.Contains("/staff/assignments/ai6126-hw1/manual/q3.i.mse_drawback", html);
        Assert.Contains("/staff/assignments/ai6126-hw1/manual/q4.l1_vs_l2", html);
        Assert.Contains("/staff/assignments/ai6126-hw1/manual/q5.batchnorm_batch_size", html);
        Assert.Matches(@"<td class=""num"">\d of 3</td>", html);
    }

    [Fact]
    public async Task The_page_shows_the_model_answer_notes_and_a_key_for_each_usual_score()
    {
        using var pages = await SignedInAsync();
        var html = await pages.GetHtmlAsync(Q4);
        Assert.Contains("Robustness to outliers (1.5)", html);
        Assert.Contains("less sensitive to outliers", html);
        // 0, half (1) and full (2) marks, and the notes' weights 0.5 and 1.5
        Assert.Equal(["0:0", "1:1", "2:2", "0.5:3", "1.5:4"],
            ScoreButton().Matches(html).Select(m => $"{m.Groups[1].Value}:{m.Groups[2].Value}"));
    }

    [Fact]
    public async Task A_ta_of_another_course_gets_not_found_for_every_manual_grading_page()
    {
        using var pages = await SignedInAsync(DashboardFixture.RptuTa);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync("/staff/assignments/ai6126-hw1/manual")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync(Q4)).StatusCode);
        var post = await pages.PostFormAsync("/", Q4, ("MarkId", "1"), ("Points", "1"), ("Comment", ""));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task An_item_that_is_not_a_text_item_has_no_manual_queue()
    {
        using var pages = await SignedInAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync("/staff/assignments/ai6126-hw1/manual/q1.total")).StatusCode);
    }

    [GeneratedRegex(@"name=""MarkId"" value=""(\d+)""")]
    private static partial Regex MarkIdInput();

    [GeneratedRegex(@"id=""progress"">(\d+) of \d+ graded")]
    private static partial Regex Progress();

    [GeneratedRegex(@"data-value=""([0-9.]+)"" data-key=""(\d)""")]
    private static partial Regex ScoreButton();
}
