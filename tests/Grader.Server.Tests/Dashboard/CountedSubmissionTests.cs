using System.Text.RegularExpressions;

namespace Grader.Server.Tests.Dashboard;

/// <summary>The gradebook's "latest or best" reaches the statistics and the manual-grading queue too.</summary>
public sealed class CountedSubmissionTests(GradebookFixture server) : IClassFixture<GradebookFixture>
{
    private async Task<string> StatisticsAsync(string assignment)
    {
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.AiTa);
        return await pages.GetHtmlAsync($"/staff/assignments/{assignment}/statistics");
    }

    private static string Mean(string section) =>
        Regex.Match(section, "<dt>Mean</dt><dd>([^<]*)</dd>").Groups[1].Value;

    [Fact]
    public async Task Statistics_of_a_latest_rubric_use_each_students_latest_submission()
    {
        // Item c: Alice's latest has 0; Bob's awaits a TA (left out); Carol and Erin have no marks.
        var html = await StatisticsAsync(GradebookFixture.Latest);
        Assert.Contains("their latest", html);
        Assert.Equal("0", Mean(Submissions.Section(html, "item-c")));
    }

    [Fact]
    public async Task Statistics_of_a_best_rubric_use_each_students_best_graded_submission()
    {
        // Alice's best is her first (6 points), where item c has its full 1 point.
        var html = await StatisticsAsync(GradebookFixture.Best);
        Assert.Contains("their best graded one", html);
        Assert.Equal("1", Mean(Submissions.Section(html, "item-c")));
    }
}
