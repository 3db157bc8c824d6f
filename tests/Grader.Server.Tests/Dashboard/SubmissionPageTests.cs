using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Dashboard;

/// <summary>The submission page over real HTTP, on <see cref="GradebookFixture"/>'s stored marks.</summary>
public sealed class SubmissionPageTests(GradebookFixture server) : IClassFixture<GradebookFixture>
{
    private Guid AlicesLatest => server.Submissions[(GradebookFixture.Latest, "s-alice", 2)];
    private Guid BobsSubmission => server.Submissions[(GradebookFixture.Latest, "s-bob", 1)];

    private async Task<PageClient> AsStudentAsync(string student)
    {
        var pages = server.Pages();
        await pages.SignInStudentAsync(server.Tokens[student]);
        return pages;
    }

    private async Task<PageClient> AsStaffAsync(string login)
    {
        var pages = server.Pages();
        await pages.SignInStaffAsync(login);
        return pages;
    }

    [Fact]
    public async Task A_student_sees_their_own_submission_without_staff_links()
    {
        using var pages = await AsStudentAsync("s-alice");
        var html = await pages.GetHtmlAsync($"/submissions/{AlicesLatest}");
        Assert.Contains("Alice Adams", html);
        // No deadline and not released: the verdict, not the explanation (the rubric's default release policy).
        Assert.Contains("Partly correct.", html);
        Assert.DoesNotContain("feedback on b", html);
        Assert.DoesNotContain("/override/", html);
        Assert.DoesNotContain("Grading runs", html);
        Assert.DoesNotContain("data-poll-url", html); // graded: nothing to wait for
    }

    [Fact]
    public async Task Another_student_and_a_ta_of_another_course_find_nothing()
    {
        using (var bob = await AsStudentAsync("s-bob"))
            Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/submissions/{AlicesLatest}")).StatusCode);
        using (var rptu = await AsStaffAsync(DashboardFixture.RptuTa))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await rptu.GetAsync($"/submissions/{AlicesLatest}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await rptu.GetAsync($"/submissions/{AlicesLatest}?handler=Status")).StatusCode);
        }
    }

    [Fact]
    public async Task Staff_of_the_course_see_it_with_an_override_link_per_item()
    {
        using var pages = await AsStaffAsync(DashboardFixture.AiTa);
        var html = await pages.GetHtmlAsync($"/submissions/{AlicesLatest}");
        foreach (var item in new[] { "a", "b", "c" })
            Assert.Contains($"href=\"/staff/submissions/{AlicesLatest}/override/{item}\"", html);
    }

    [Fact]
    public async Task An_array_answer_is_a_grid_beside_the_expected_one_with_the_wrong_entry_highlighted()
    {
        using var pages = await AsStaffAsync(DashboardFixture.AiTa);
        var html = await pages.GetHtmlAsync($"/submissions/{AlicesLatest}");
        // Given [1, 2, 4] against [1, 2, 3]: entry 2 is wrong in both grids, entries 0 and 1 are not.
        Assert.Contains("<td class=\"wrong\">4</td>", html);
        Assert.Contains("<td class=\"wrong\">3</td>", html);
        Assert.Contains("<td class=\"\">2</td>", html);
    }

    [Fact]
    public async Task A_model_item_shows_accuracy_per_class_accuracy_and_the_confusion_matrix_from_the_stored_details()
    {
        using var pages = await AsStaffAsync(DashboardFixture.AiInstructor);
        var html = await pages.GetHtmlAsync($"/submissions/{BobsSubmission}");
        // 3 of 4 right: 75% against 80%; dogs 1 of 2.
        Assert.Contains("Accuracy <strong class=\"bad\">75%</strong>", html);
        Assert.Contains("required <strong>80%</strong>", html);
        Assert.Contains("<tr><td>dog</td><td class=\"num\">50%</td></tr>", html);
        // Row cat [2, 0]: all of the row (h9) and none (h0); row dog [1, 1]: half each, 4.5 rounds to h5.
        Assert.Contains("<td class=\"h9 diagonal\">2</td>", html);
        Assert.Contains("<td class=\"h0\">0</td>", html);
        Assert.Contains("<td class=\"h5 diagonal\">1</td>", html);
        Assert.Contains("fake-engine/1", html);
    }

    [Fact]
    public async Task The_audit_trail_shows_staff_who_changed_a_mark_when_and_why_and_the_student_none_of_it()
    {
        using (var staff = await AsStaffAsync(DashboardFixture.AiInstructor))
        {
            var html = await staff.GetHtmlAsync($"/submissions/{BobsSubmission}");
            Assert.Contains("TA ta-ai", html);
            Assert.Contains("Rounding to 3 digits is accepted", html);
        }
        using var bob = await AsStudentAsync("s-bob");
        var own = await bob.GetHtmlAsync($"/submissions/{BobsSubmission}");
        Assert.DoesNotContain("TA ta-ai", own);
        Assert.DoesNotContain("Rounding to 3 digits is accepted", own);
        Assert.DoesNotContain("Changes to the marks", own);
    }

    [Fact]
    public async Task A_student_sees_the_wrong_entries_and_the_expected_grid_once_staff_release_the_assignment()
    {
        using var pages = await AsStudentAsync("s-alice");
        Assert.DoesNotContain("<td class=\"wrong\">", await pages.GetHtmlAsync($"/submissions/{AlicesLatest}"));
        await using (var db = await server.OpenAsync())
            await db.Assignments.Where(a => a.Id == GradebookFixture.Best).ExecuteUpdateAsync(set => set.SetProperty(a => a.ReleasedAt, DateTimeOffset.UtcNow));
        var released = await pages.GetHtmlAsync($"/submissions/{server.Submissions[(GradebookFixture.Best, "s-alice", 2)]}");
        Assert.Contains("<td class=\"wrong\">4</td>", released);
        Assert.Contains("feedback on b", released);
    }

    [Fact]
    public async Task The_history_lists_the_students_other_submissions_with_their_totals()
    {
        using var pages = await AsStudentAsync("s-alice");
        var html = await pages.GetHtmlAsync($"/submissions/{AlicesLatest}");
        Assert.Contains($"href=\"/submissions/{server.Submissions[(GradebookFixture.Latest, "s-alice", 1)]}\"", html);
        Assert.Contains("<td class=\"num\">6</td>", html);
        Assert.Contains("(this one)", html);
    }

    [Fact]
    public async Task A_failed_submission_shows_its_error()
    {
        using var pages = await AsStaffAsync(DashboardFixture.AiTa);
        var html = await pages.GetHtmlAsync($"/submissions/{server.Submissions[(GradebookFixture.Latest, "s-carol", 1)]}");
        Assert.Contains("the answers file vanished from storage", html);
    }

    [Fact]
    public async Task A_queued_submission_is_polled_through_its_status_handler()
    {
        var erin = server.Submissions[(GradebookFixture.Latest, "s-erin", 1)];
        using var pages = await AsStudentAsync("s-erin");
        var html = await pages.GetHtmlAsync($"/submissions/{erin}");
        Assert.Contains($"data-poll-url=\"/submissions/{erin}?handler=Status\" data-poll-status=\"queued\"", html);
        Assert.Equal("{\"status\":\"queued\"}", await pages.GetHtmlAsync($"/submissions/{erin}?handler=Status"));
    }
}
