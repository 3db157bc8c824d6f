using System.Net;
using System.Text.RegularExpressions;

namespace Grader.Server.Tests.Dashboard;

/// <summary>
/// Four students of ai6126-hw1 (20 points, 5 of them in three text items awaiting a TA):
/// A first the no-bias answers, then the reference solution (only the latest counts); B and D
/// the no-bias answers; C the flipped kernel. Auto-graded points, by reference/ai6126-hw1/cases.yaml:
/// A 15 (everything but the text items), B and D 15 - 5 (five layer counts) = 10, C 15 - 2
/// (Toeplitz) - 1 (log10 in Q3 iii) = 12. B, C and D answer no text item: those are missing, 0.
/// </summary>
public sealed class StatisticsFixture : DashboardFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var a = await StudentTokenAsync();
        await Submissions.GradedAsync(this, a, Uploads.Reference("ai6126-hw1", "wrong-no-bias.yaml"));
        await Submissions.GradedAsync(this, a, Uploads.Reference("ai6126-hw1"));
        await Submissions.NewStudentGradedAsync(this, Uploads.Reference("ai6126-hw1", "wrong-no-bias.yaml"));
        await Submissions.NewStudentGradedAsync(this, Uploads.Reference("ai6126-hw1", "wrong-flipped-kernel.yaml"));
        await Submissions.NewStudentGradedAsync(this, Uploads.Reference("ai6126-hw1", "wrong-no-bias.yaml"));
    }
}

public sealed partial class StatisticsTests(StatisticsFixture server) : IClassFixture<StatisticsFixture>
{
    private async Task<string> PageAsync()
    {
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.AiTa);
        return await pages.GetHtmlAsync("/staff/assignments/ai6126-hw1/statistics");
    }

    private static string Figure(string html, string name) =>
        Regex.Match(html, $"<dt>{name}</dt><dd>([^<]*)</dd>") is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException($"no {name}");

    [Fact]
    public async Task The_totals_count_each_students_latest_submission()
    {
        var total = Submissions.Section(await PageAsync(), "total");
        // 15, 10, 12, 10: mean 47 / 4 = 11.75; sorted 10, 10, 12, 15: median (10 + 12) / 2 = 11
        Assert.Equal("4", Figure(total, "Students"));
        Assert.Equal("11.75", Figure(total, "Mean"));
        Assert.Equal("11", Figure(total, "Median"));
        Assert.Equal("0 %", Figure(total, "Full marks"));
        Assert.Equal("20", Figure(total, "Out of"));
        Assert.Contains("1 of 4 still have items awaiting", await PageAsync());
    }

    [Fact]
    public async Task An_item_shows_its_figures_histogram_and_the_common_wrong_answer_with_its_feedback()
    {
        var item = Submissions.Section(await PageAsync(), "item-q1.conv2d_1");
        // A and C 1 point, B and D 0: mean 0.5, median (0 + 1) / 2 = 0.5, half at full marks
        Assert.Equal("0.5", Figure(item, "Mean"));
        Assert.Equal("0.5", Figure(item, "Median"));
        Assert.Equal("50 %", Figure(item, "Full marks"));
        // 1 point: bars centred on 0, 0.5 and 1 with 2, 0 and 2 students
        Assert.Contains("<title>points &lt; 0.25: 2 students</title>", item);
        Assert.Contains("<title>points ≥ 0.75: 2 students</title>", item);
        Assert.Matches(@"<code class=""answer"">150</code></td><td class=""num"">2</td><td class=""num"">0</td><td>The bias is missing: each of the 6 filters has one bias", item);
    }

    [Fact]
    public async Task Items_are_listed_by_the_points_students_lost_on_them()
    {
        var losses = Submissions.Section(await PageAsync(), "losses");
        // text items answered by nobody but A (pending, not counted): q4 and q5 lose 3 x 2 = 6, q3.i 3 x 1 = 3;
        // each layer count 2 (B, D), the Toeplitz matrix 2 (C); Q3 iii 1 (C). Ties in rubric order.
        var order = LossRow().Matches(losses).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        Assert.Equal([("q4.l1_vs_l2", "6"), ("q5.batchnorm_batch_size", "6"), ("q3.i.mse_drawback", "3"),
            ("q1.conv2d_1", "2"), ("q1.conv2d_4", "2"), ("q1.conv2d_7", "2"), ("q1.linear_9", "2"), ("q1.linear_11", "2"),
            ("q2.toeplitz", "2"), ("q3.iii.cost", "1")], order.Take(10));
    }

    [Fact]
    public async Task A_ta_of_another_course_gets_not_found()
    {
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.RptuTa);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync("/staff/assignments/ai6126-hw1/statistics")).StatusCode);
    }

    [GeneratedRegex(@"<a href=""#item-([^""]+)"">[^<]*</a></td><td class=""num"">([^<]*)</td>")]
    private static partial Regex LossRow();
}
