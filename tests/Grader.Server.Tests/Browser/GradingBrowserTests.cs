using System.Text.RegularExpressions;
using Grader.Server.Tests.Dashboard;
using Microsoft.Playwright;

namespace Grader.Server.Tests.Browser;

public sealed partial class GradingBrowserTests(BrowserFixture server) : IClassFixture<BrowserFixture>
{
    private static async Task<int> GradedAsync(IPage page) =>
        int.Parse(GradedCount().Match(await page.Locator("#progress").InnerTextAsync()).Groups[1].Value);

    [BrowserFact]
    public async Task A_ta_grades_a_text_answer_with_the_keyboard_and_gets_the_next_one()
    {
        await Submissions.NewStudentGradedAsync(server, Uploads.Reference("ai6126-hw1"));
        await Submissions.NewStudentGradedAsync(server, Uploads.Reference("ai6126-hw1"));
        var page = await server.NewPageAsync();
        await BrowserFixture.SignInStaffAsync(page, DashboardFixture.AiTa);
        await page.GotoAsync("/staff/assignments/ai6126-hw1/manual");
        await page.Locator("#items a:text('q4.l1_vs_l2')").ClickAsync();
        var first = await page.Locator("input[name=MarkId]").InputValueAsync();
        int graded = await GradedAsync(page);

        await page.Keyboard.PressAsync("4"); // the notes' 1.5 level of this 2-point item
        Assert.Equal("1.5", await page.Locator("#points").InputValueAsync());
        Assert.Contains("selected", await page.Locator("button[data-key='4']").GetAttributeAsync("class"));
        await page.Keyboard.PressAsync("c");
        await page.Keyboard.TypeAsync("Outliers, yes; say why squares let them dominate.");
        await BrowserFixture.ScreenshotAsync(page, "manual-grading");
        await page.Keyboard.PressAsync("Control+Enter");

        await page.Locator(".flash:text('Saved: 1.5 / 2 points.')").WaitForAsync();
        Assert.Equal(graded + 1, await GradedAsync(page));
        Assert.Equal("", await page.Locator("#comment").InputValueAsync());
        Assert.EndsWith($"?after={first}", page.Url);
        Assert.NotEqual(first, await page.Locator("input[name=MarkId]").InputValueAsync());
        await page.Keyboard.PressAsync("s");
        await page.WaitForURLAsync(new Regex(@"\?after=\d+$"));
    }

    [BrowserFact]
    public async Task A_ta_overrides_a_mark_with_a_reason_and_sees_it_in_the_history()
    {
        var submission = await Submissions.NewStudentGradedAsync(server, Uploads.Reference("ai6126-hw1", "wrong-flipped-kernel.yaml"));
        var page = await server.NewPageAsync();
        await BrowserFixture.SignInStaffAsync(page, DashboardFixture.AiTa);
        var path = $"/staff/submissions/{submission}/override/q3.iii.cost";
        await page.GotoAsync(path);
        await page.Locator("#override input[name=Points]").FillAsync("2");
        await page.Locator("#override textarea[name=Feedback]").FillAsync("log10 accepted: the sheet leaves the base open.");
        await page.Locator("#override input[name=Reason]").FillAsync("rubric error: any log base");
        await page.Locator("#override button[type=submit]").ClickAsync();
        await page.WaitForURLAsync($"**/submissions/{submission}");

        await page.GotoAsync(path);
        var history = page.Locator("#history");
        await history.Locator("td:text('rubric error: any log base')").WaitForAsync();
        Assert.Contains("TA ta-ai", await history.InnerTextAsync());
        Assert.Contains("2 / 2", await page.Locator("#current").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "override");
    }

    [BrowserFact]
    public async Task Statistics_and_a_rerun_render_for_an_instructor()
    {
        await Submissions.NewStudentGradedAsync(server, Uploads.Reference("ai6126-hw1", "wrong-no-bias.yaml"));
        await Submissions.NewStudentGradedAsync(server, Uploads.Reference("ai6126-hw1", "wrong-loss-and-shape.yaml"));
        await Submissions.NewStudentGradedAsync(server, Uploads.Reference("ai6126-hw1", "wrong-flipped-kernel.yaml"));
        var page = await server.NewPageAsync();
        await BrowserFixture.SignInStaffAsync(page, DashboardFixture.AiInstructor);
        await page.GotoAsync("/staff/assignments/ai6126-hw1/statistics");
        await page.Locator("#total svg.chart").WaitForAsync();
        Assert.True(await page.Locator("svg.chart").CountAsync() > 10);
        await BrowserFixture.ScreenshotAsync(page, "statistics");

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GotoAsync("/staff/assignments/ai6126-hw1/regrades");
        await page.Locator("#start button").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/regrades/\d+$"));
        for (int i = 0; i < 100 && !Regex.IsMatch(await page.Locator("#runs .progress-text").First.InnerTextAsync(), @"^(\d+) of \1 jobs done$"); i++)
        {
            await Task.Delay(200);
            await page.ReloadAsync();
        }
        Assert.Matches(@"^(\d+) of \1 jobs done$", await page.Locator("#runs .progress-text").First.InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "regrades");
    }

    [GeneratedRegex(@"^(\d+) of \d+ graded")]
    private static partial Regex GradedCount();
}
