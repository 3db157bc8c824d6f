using System.Net;
using System.Text.RegularExpressions;

namespace Grader.Server.Tests.Dashboard;

/// <summary>The gradebook over real HTTP; expected values worked out by hand from <see cref="GradebookFixture"/>'s data.</summary>
public sealed partial class GradebookPageTests(GradebookFixture server) : IClassFixture<GradebookFixture>
{
    private async Task<string> GradebookAsync(string query = "", string assignment = GradebookFixture.Latest, string login = DashboardFixture.AiTa)
    {
        using var pages = server.Pages();
        await pages.SignInStaffAsync(login);
        return await pages.GetHtmlAsync($"/staff/assignments/{assignment}{query}");
    }

    private static List<string> Students(string html) => [.. StudentRow().Matches(html).Select(m => m.Groups[1].Value)];

    /// <summary>The cells of a student's row, as "class|text" pairs.</summary>
    private static string Row(string html, string student)
    {
        var start = html.IndexOf($"data-student=\"{student}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row of {student}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Every_student_of_the_course_has_a_row_those_without_a_submission_included()
    {
        var html = await GradebookAsync();
        Assert.Equal(["s-alice", "s-bob", "s-carol", "s-dave", "s-erin"], Students(html));
        Assert.Contains("no submission", Row(html, "s-dave"));
    }

    [Fact]
    public async Task The_latest_submission_counts_by_default_with_its_items_total_and_flags()
    {
        var html = await GradebookAsync();
        var alice = Row(html, "s-alice");
        var latest = server.Submissions[(GradebookFixture.Latest, "s-alice", 2)];
        // The second submission: a 2 of 2 (s4), b 1.5 of 3 (half: s2), c 0 of 1 (s0), total 3.5, late, 2 submissions;
        // each cell links to its item on the submission page.
        Assert.Contains($"<td class=\"num cell s4\" title=\"a\"><a href=\"/submissions/{latest}#item-a\">2</a></td>", alice);
        Assert.Contains($"<td class=\"num cell s2\" title=\"b\"><a href=\"/submissions/{latest}#item-b\">1.5</a></td>", alice);
        Assert.Contains($"<td class=\"num cell s0\" title=\"c\"><a href=\"/submissions/{latest}#item-c\">0</a></td>", alice);
        Assert.Contains($"<a href=\"/submissions/{latest}\">Alice Adams</a>", alice);
        Assert.Contains("<td class=\"num total\">3.5</td>", alice);
        Assert.Contains("status late", alice);
        Assert.Contains("<td class=\"num\">2</td>", alice);
        Assert.Contains($"/submissions/{server.Submissions[(GradebookFixture.Latest, "s-alice", 2)]}", alice);
    }

    [Fact]
    public async Task Items_awaiting_a_ta_are_marked_not_shaded_and_failed_and_queued_show_their_status()
    {
        var html = await GradebookAsync();
        Assert.Matches(@"<td class=""num cell pending"" title=""c: awaiting TA""><a href=""/submissions/[0-9a-f-]+#item-c"">TA</a></td>", Row(html, "s-bob"));
        Assert.Contains("status failed", Row(html, "s-carol"));
        Assert.Contains("status queued", Row(html, "s-erin"));
    }

    [Fact]
    public async Task Item_headers_carry_the_full_item_id_and_question_for_the_tooltip_and_students_without_a_submission_have_no_link()
    {
        var html = await GradebookAsync();
        Assert.Contains("<th class=\"num item\" title=\"a\">", html);
        Assert.DoesNotContain("<a href=\"/submissions/", Row(html, "s-dave"));
        Assert.Contains("class=\"sticky name\"", Row(html, "s-dave"));
    }

    [Fact]
    public async Task The_summary_counts_students_submissions_graded_and_the_mean_total()
    {
        var html = await GradebookAsync();
        // 5 students, 4 submitted; 1 graded (alice 3.5), since bob's c still waits for a TA: his 3 is
        // no final total. Incomplete: bob (awaiting a TA), carol (failed), erin (queued). Mean 3.5 of 6.
        Assert.Contains("<strong>5</strong> students", html);
        Assert.Contains("<strong>4</strong> submitted", html);
        Assert.Contains("<strong>1</strong> graded", html);
        Assert.Contains("<strong>3</strong> incomplete", html);
        Assert.Contains("mean total <strong>3.5</strong> / 6", html);
    }

    [Fact]
    public async Task With_counts_best_the_best_graded_submission_counts()
    {
        var html = await GradebookAsync(assignment: GradebookFixture.Best);
        var alice = Row(html, "s-alice");
        Assert.Contains("<td class=\"num total\">6</td>", alice);
        Assert.DoesNotContain("status late", alice);
        Assert.Contains($"/submissions/{server.Submissions[(GradebookFixture.Best, "s-alice", 1)]}", alice);
        Assert.Contains("mean total <strong>6</strong> / 6", html); // alice's 6 alone: bob's grade is incomplete
    }

    [Theory]
    [InlineData("manual", "s-bob")]
    [InlineData("failed", "s-carol")]
    [InlineData("late", "s-alice")]
    [InlineData("none", "s-dave")]
    [InlineData("queue", "s-erin")]
    public async Task A_filter_shows_only_the_students_it_names(string filter, string student)
    {
        var html = await GradebookAsync("?filter=" + filter);
        Assert.Equal([student], Students(html));
        Assert.Contains("1 of 5 shown", html);
    }

    [Fact]
    public async Task The_graded_filter_shows_final_grades_only_and_the_incomplete_filter_the_rest_that_submitted()
    {
        Assert.Equal(["s-alice"], Students(await GradebookAsync("?filter=graded")));
        var incomplete = await GradebookAsync("?filter=incomplete");
        Assert.Equal(["s-bob", "s-carol", "s-erin"], Students(incomplete));
        Assert.Contains("status awaiting_manual", Row(incomplete, "s-bob"));
    }

    [Fact]
    public async Task Sorting_by_total_puts_students_without_a_total_last_either_way()
    {
        Assert.Equal(["s-bob", "s-alice", "s-carol", "s-dave", "s-erin"], Students(await GradebookAsync("?sort=total")));
        Assert.Equal(["s-alice", "s-bob", "s-carol", "s-dave", "s-erin"], Students(await GradebookAsync("?sort=total&dir=desc")));
    }

    [Fact]
    public async Task Sorting_by_an_item_orders_by_its_points()
    {
        // Item b: alice 1.5, bob 3; the others have no mark.
        Assert.Equal(["s-bob", "s-alice", "s-carol", "s-dave", "s-erin"], Students(await GradebookAsync("?sort=item:b&dir=desc")));
    }

    [Fact]
    public async Task Sorting_by_name_is_alphabetical_and_the_header_link_turns_the_order_round()
    {
        var html = await GradebookAsync("?sort=name");
        // "=2+3 Dave" sorts before letters.
        Assert.Equal(["s-dave", "s-alice", "s-bob", "s-carol", "s-erin"], Students(html));
        Assert.Contains("href=\"/staff/assignments/ai6126-quiz?sort=name&amp;dir=desc\"", html);
    }

    [Theory]
    [InlineData("chen", "s-carol")]
    [InlineData("102", "s-bob")]
    [InlineData("S-ERIN", "s-erin")]
    public async Task Search_finds_students_by_name_index_or_id(string q, string student)
    {
        Assert.Equal([student], Students(await GradebookAsync("?q=" + Uri.EscapeDataString(q))));
    }

    [Fact]
    public async Task The_gradebook_links_export_statistics_manual_grading_and_regrades()
    {
        var html = await GradebookAsync();
        foreach (var path in new[] { "export.csv", "statistics", "manual", "regrades" })
            Assert.Contains($"href=\"/staff/assignments/ai6126-quiz/{path}\"", html);
    }

    [Theory]
    [InlineData("/staff/assignments/ai6126-quiz")]
    [InlineData("/staff/assignments/ai6126-quiz/export.csv")]
    [InlineData("/staff/assignments/no-such-assignment")]
    public async Task A_ta_of_another_course_finds_nothing(string path)
    {
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.RptuTa);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync(path)).StatusCode);
    }

    [GeneratedRegex("data-student=\"([^\"]+)\"")]
    private static partial Regex StudentRow();
}
