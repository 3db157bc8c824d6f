using System.Text.RegularExpressions;

namespace Grader.Server.Tests.Dashboard;

/// <summary>The start page's counts agree with the queues behind them.</summary>
public sealed partial class LandingPageTests(DashboardFixture server) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Answers_to_grade_by_hand_count_each_students_counted_submission_only_as_the_manual_queue_does()
    {
        // One student hands in the model solution twice: the first submission is replaced, so its
        // seven text answers are no work left. Seven to grade, not fourteen.
        var token = await server.StudentTokenAsync("rptu");
        var rptu = Uploads.Reference("rptu-dl-ex2");
        await Submissions.GradedAsync(server, token, rptu, "rptu-dl-ex2");
        await Submissions.GradedAsync(server, token, rptu + "\n# again\n", "rptu-dl-ex2");
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.RptuTa);

        var home = await pages.GetHtmlAsync("/");
        var shown = int.Parse(ToGrade().Match(home).Groups[1].Value);
        var queue = await pages.GetHtmlAsync("/staff/assignments/rptu-dl-ex2/manual");
        var pending = Pending().Matches(queue).Sum(m => int.Parse(m.Groups[1].Value));
        Assert.Equal(pending, shown);
        // rptu-dl-ex2's model solution answers its seven text items (grader check: "8 pending" with the model item).
        Assert.Equal(7, shown);
    }

    [GeneratedRegex(@"href=""/staff/assignments/rptu-dl-ex2/manual"" class=""count"">(\d+)</a>")]
    private static partial Regex ToGrade();

    [GeneratedRegex(@">Grade (\d+)</a>")]
    private static partial Regex Pending();
}
