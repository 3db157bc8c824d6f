using System.Text.RegularExpressions;
using Grader.Server.Tests.Dashboard;
using Microsoft.Playwright;

namespace Grader.Server.Tests.Browser;

public sealed partial class GradingBrowserTests(BrowserFixture server) : IClassFixture<BrowserFixture>
{
    private static async Task<int> GradedAsync(IPage page) =>
        int.Parse(GradedCount().Match(await page.Locator("#progress").InnerTextAsync()).Groups[1].Value);

    [BrowserFact]
    public async Task A_ta_grades_a_group_of_answers_by_criteria_with_the_keyboard_and_gets_the_next_one()
    {
        // Two students hand in the model solution: their q4 answers read the same, one group.
        await Submissions.NewStudentGradedAsync(server, Uploads.Reference("ai6126-hw1"));
        await Submissions.NewStudentGradedAsync(server, Uploads.Reference("ai6126-hw1"));
        await Submissions.NewStudentGradedAsync(server, "answers:\n  q4.l1_vs_l2: Squares make big residuals count more.\n");
        var page = await server.NewPageAsync();
        await BrowserFixture.SignInStaffAsync(page, DashboardFixture.AiTa);
        await page.GotoAsync("/staff/assignments/ai6126-hw1/manual");
        await page.Locator("#items a:text('q4.l1_vs_l2')").ClickAsync();
        var first = await page.Locator("input[name=MarkId]").InputValueAsync();
        int graded = await GradedAsync(page);
        await Assertions.Expect(page.Locator("#answer-card h2")).ToContainTextAsync("2 answers that read the same");

        // The digit on a criterion ticks it: 1 is "Robustness to outliers" (+1.5), 2 the reason (+0.5).
        await page.Keyboard.PressAsync("1");
        await Assertions.Expect(page.Locator("#score")).ToHaveTextAsync("1.5");
        await page.Keyboard.PressAsync("2");
        await Assertions.Expect(page.Locator("#score")).ToHaveTextAsync("2");
        await page.Keyboard.PressAsync("2");
        await Assertions.Expect(page.Locator("#score")).ToHaveTextAsync("1.5");
        Assert.True(await page.Locator("label.criterion.ticked input[data-points='1.5']").IsCheckedAsync());
        await page.Keyboard.PressAsync("c");
        await page.Keyboard.TypeAsync("Outliers, yes; say why squares let them dominate.");
        await page.Locator("input[name=SaveComment]").CheckAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("i");
        await page.Keyboard.TypeAsync("Both copied the model solution word for word.");
        await page.Keyboard.PressAsync("Escape");
        await BrowserFixture.ScreenshotAsync(page, "manual-grading");
        await page.Keyboard.PressAsync("Control+Enter");

        await page.Locator(".flash:text('Saved: 1.5 / 2 points for 2 answers that read the same.')").WaitForAsync();
        Assert.Equal(graded + 2, await GradedAsync(page));
        Assert.EndsWith($"?after={first}", page.Url);
        Assert.NotEqual(first, await page.Locator("input[name=MarkId]").InputValueAsync());
        Assert.Equal("", await page.Locator("#comment").InputValueAsync());
        // The saved comment is offered on the next answer: Shift+1 puts it into the comment box.
        await page.Keyboard.PressAsync("Shift+Digit1");
        Assert.Equal("Outliers, yes; say why squares let them dominate.", await page.Locator("#comment").InputValueAsync());
        await BrowserFixture.ScreenshotAsync(page, "manual-grading-next");
        await page.Keyboard.PressAsync("p");
        await page.WaitForURLAsync(new Regex($@"\?answer={first}$"));
        await Assertions.Expect(page.Locator("#graded-as")).ToHaveTextAsync("graded: 1.5 / 2");
    }

    [BrowserFact]
    public async Task A_ta_changes_a_criterions_points_and_sees_which_answers_it_rescored()
    {
        var submission = await Submissions.NewStudentGradedAsync(server, "answers:\n  q5.batchnorm_batch_size: Tiny batches give noisy statistics.\n");
        var page = await server.NewPageAsync();
        await BrowserFixture.SignInStaffAsync(page, DashboardFixture.AiInstructor);
        var manual = "/staff/assignments/ai6126-hw1/manual/q5.batchnorm_batch_size";
        await page.GotoAsync(manual);
        while (await page.Locator("#answer").CountAsync() > 0 && !(await page.Locator("#answer").InnerTextAsync()).Contains("Tiny batches"))
            await page.Locator("#next-ungraded").ClickAsync();
        await page.Keyboard.PressAsync("2"); // "Small batch -> noisy / unreliable estimates" (+1)
        await page.Locator("#grade button[type=submit]").ClickAsync();
        await page.Locator(".flash:text('Saved: 1 / 2 points.')").WaitForAsync();

        await page.Locator("#criteria-edit details:has-text('Small batch') summary").ClickAsync();
        await page.Locator("#criteria-edit details:has-text('Small batch') input[name=criterionPoints]").FillAsync("0.75");
        await page.Locator("#criteria-edit details:has-text('Small batch') button:text('Save the criterion')").ClickAsync();
        var flash = page.Locator(".flash");
        await Assertions.Expect(flash).ToContainTextAsync("Criterion changed.");
        await Assertions.Expect(flash).ToContainTextAsync("1 → 0.75");
        await BrowserFixture.ScreenshotAsync(page, "criterion-changed");
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
