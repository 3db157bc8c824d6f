using System.Net;
using System.Text.RegularExpressions;
using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Dashboard;

/// <summary>
/// Overrides on ai6126-hw1's flipped-kernel answers, where Q3 iii (2 points) used log10 and got the
/// anticipated mistake's 1 point: the classic case for "the rubric should have accepted this".
/// </summary>
public sealed partial class OverrideTests(DashboardFixture server) : IClassFixture<DashboardFixture>
{
    private const string Item = "q3.iii.cost";

    private async Task<(Guid Submission, string Path)> FlippedKernelAsync()
    {
        var id = await Submissions.NewStudentGradedAsync(server, Uploads.Reference("ai6126-hw1", "wrong-flipped-kernel.yaml"));
        return (id, $"/staff/submissions/{id}/override/{Item}");
    }

    private async Task<PageClient> SignedInAsync(string login = DashboardFixture.AiTa)
    {
        var pages = server.Pages();
        await pages.SignInStaffAsync(login);
        return pages;
    }

    private async Task<(Mark Mark, List<MarkChange> Changes)> StoredAsync(Guid submission)
    {
        await using var db = await server.OpenAsync();
        var mark = await db.Marks.AsNoTracking().SingleAsync(m => m.SubmissionId == submission && m.ItemId == Item);
        var changes = await db.MarkChanges.AsNoTracking().Include(c => c.Staff)
            .Where(c => c.SubmissionId == submission && c.ItemId == Item).OrderBy(c => c.Id).ToListAsync();
        return (mark, changes);
    }

    private static string SeenOn(string html) => SeenInput().Match(html).Groups[1].Value;

    [Fact]
    public async Task An_override_sets_the_mark_writes_its_audit_row_and_returns_to_the_submission()
    {
        var (submission, path) = await FlippedKernelAsync();
        using var pages = await SignedInAsync();
        var form = await pages.GetHtmlAsync(path);
        Assert.Contains("1 / 2", form);
        Assert.Contains("No changes since automatic grading.", form);

        var response = await pages.PostFormAsync(path, path, ("Seen", SeenOn(form)), ("Points", "2"),
            ("Feedback", "log10 accepted: the sheet leaves the base open."), ("Reason", "rubric error: any log base"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/submissions/{submission}", response.Headers.Location!.OriginalString);

        var (mark, changes) = await StoredAsync(submission);
        Assert.Equal((2.0, "override", "correct", "log10 accepted: the sheet leaves the base open."), (mark.Points, mark.Source, mark.Result, mark.Feedback));
        var change = Assert.Single(changes);
        Assert.Equal((DashboardFixture.AiTa, 1.0, "auto", 2.0, "override", "rubric error: any log base"),
            (change.Staff!.ExternalId, change.OldPoints, change.OldSource, change.NewPoints, change.NewSource, change.Reason));
        Assert.Null(change.RegradeId);

        var history = Submissions.Section(await pages.GetHtmlAsync(path), "history");
        Assert.Contains("rubric error: any log base", history);
        Assert.Contains("TA ta-ai", history);
        Assert.Contains("auto → override", history);
    }

    [Fact]
    public async Task An_override_without_a_reason_is_refused_and_nothing_changes()
    {
        var (submission, path) = await FlippedKernelAsync();
        using var pages = await SignedInAsync();
        var form = await pages.GetHtmlAsync(path);
        var response = await pages.PostFormAsync(path, path, ("Seen", SeenOn(form)), ("Points", "2"), ("Feedback", ""), ("Reason", "  "));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Give a reason", await response.Content.ReadAsStringAsync());
        var (mark, changes) = await StoredAsync(submission);
        Assert.Equal((1.0, "auto"), (mark.Points, mark.Source));
        Assert.Empty(changes);
    }

    [Fact]
    public async Task Points_above_the_items_maximum_are_refused()
    {
        var (submission, path) = await FlippedKernelAsync();
        using var pages = await SignedInAsync();
        var form = await pages.GetHtmlAsync(path);
        var response = await pages.PostFormAsync(path, path, ("Seen", SeenOn(form)), ("Points", "3"), ("Feedback", ""), ("Reason", "generous"));
        Assert.Contains("Points must be between 0 and 2.", await response.Content.ReadAsStringAsync());
        Assert.Empty((await StoredAsync(submission)).Changes);
    }

    [Fact]
    public async Task A_form_opened_before_someone_else_changed_the_mark_does_not_overwrite_their_change()
    {
        var (submission, path) = await FlippedKernelAsync();
        using var ta = await SignedInAsync();
        using var prof = await SignedInAsync(DashboardFixture.AiInstructor);
        var staleForm = await ta.GetHtmlAsync(path);
        var profForm = await prof.GetHtmlAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, (await prof.PostFormAsync(path, path, ("Seen", SeenOn(profForm)), ("Points", "2"),
            ("Feedback", ""), ("Reason", "prof: log10 is fine"))).StatusCode);

        var response = await ta.PostFormAsync(path, path, ("Seen", SeenOn(staleForm)), ("Points", "0"), ("Feedback", ""), ("Reason", "ta: wrong"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This mark changed since you opened the page", await response.Content.ReadAsStringAsync());
        var (mark, changes) = await StoredAsync(submission);
        Assert.Equal(2.0, mark.Points);
        Assert.Equal(["prof: log10 is fine"], changes.Select(c => c.Reason));
    }

    [Fact]
    public async Task Reverting_an_override_puts_back_the_automatic_mark_and_is_audited_too()
    {
        var (submission, path) = await FlippedKernelAsync();
        var automatic = (await StoredAsync(submission)).Mark;
        using var pages = await SignedInAsync();
        var form = await pages.GetHtmlAsync(path);
        await pages.PostFormAsync(path, path, ("Seen", SeenOn(form)), ("Points", "0"), ("Feedback", "No."), ("Reason", "too lenient"));

        var overridden = await pages.GetHtmlAsync(path);
        var revert = await pages.PostFormAsync(path, path + "?handler=Revert", ("Seen", SeenOn(overridden)), ("Reason", "I was wrong"));
        Assert.Equal(HttpStatusCode.Redirect, revert.StatusCode);

        var (mark, changes) = await StoredAsync(submission);
        Assert.Equal((1.0, "auto", automatic.Result, automatic.Feedback, automatic.Details),
            (mark.Points, mark.Source, mark.Result, mark.Feedback, mark.Details));
        Assert.Equal([("override", 0.0, "too lenient"), ("auto", 1.0, "reverted to the automatic result: I was wrong")],
            changes.Select(c => (c.NewSource, c.NewPoints, c.Reason)));
    }

    [Fact]
    public async Task A_ta_of_another_course_gets_not_found()
    {
        var (_, path) = await FlippedKernelAsync();
        using var pages = await SignedInAsync(DashboardFixture.RptuTa);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync(path)).StatusCode);
        var post = await pages.PostFormAsync("/", path, ("Seen", "0"), ("Points", "2"), ("Feedback", ""), ("Reason", "x"));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task An_item_the_submission_has_no_mark_for_is_not_found()
    {
        var (submission, _) = await FlippedKernelAsync();
        using var pages = await SignedInAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync($"/staff/submissions/{submission}/override/no.such.item")).StatusCode);
    }

    [GeneratedRegex(@"name=""Seen"" value=""(\d+)""")]
    private static partial Regex SeenInput();
}
