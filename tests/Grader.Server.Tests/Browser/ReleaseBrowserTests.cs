using Grader.Server.Tests.Dashboard;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Grader.Server.Tests.Browser;

/// <summary>
/// A TA and a student in real browsers: a text answer graded by criteria, held back as "being
/// graded" until the TA releases the assignment; the student's regrade request, the TA's answer
/// with a new mark, the student reading it; a student who tries a staff page.
/// </summary>
public sealed class ReleaseBrowserTests(BrowserFixture server) : IClassFixture<BrowserFixture>
{
    private static async Task<IPage> SignedInStudentAsync(BrowserFixture server, string token)
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/login");
        await page.Locator("input[name=Token]").FillAsync(token);
        await page.Locator("form:has(h2:text('Students')) button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login"));
        return page;
    }

    [BrowserFact]
    public async Task A_graded_answer_waits_for_the_release_then_a_regrade_request_is_asked_answered_and_read()
    {
        var student = await Seed.StudentAsync(server, "ai6126", "rel-" + Guid.NewGuid().ToString("N")[..6]);
        var submission = await Submissions.GradedAsync(server, student.Token, "answers:\n  q4.l1_vs_l2: L1 is robust to outliers.\n");
        long markId;
        await using (var db = await server.OpenAsync())
            markId = await db.Marks.Where(m => m.SubmissionId == submission && m.ItemId == "q4.l1_vs_l2").Select(m => m.Id).SingleAsync();

        var ta = await server.NewPageAsync();
        ta.Dialog += (_, dialog) => dialog.AcceptAsync();
        await BrowserFixture.SignInStaffAsync(ta, DashboardFixture.AiTa);
        await ta.GotoAsync($"/staff/assignments/ai6126-hw1/manual/q4.l1_vs_l2?answer={markId}");
        await ta.Keyboard.PressAsync("1"); // Robustness to outliers, +1.5
        await ta.Locator("#comment").FillAsync("Robust, yes: now say why.");
        await ta.Locator("#grade button[type=submit]").ClickAsync();
        await ta.Locator(".flash:text('Saved: 1.5 / 2 points.')").WaitForAsync();

        var me = await SignedInStudentAsync(server, student.Token);
        await me.GotoAsync($"/submissions/{submission}");
        await Assertions.Expect(me.Locator("#item-q4\\.l1_vs_l2 .status").First).ToHaveTextAsync("submitted, being graded");
        await Assertions.Expect(me.Locator("#item-q4\\.l1_vs_l2")).Not.ToContainTextAsync("Robust, yes");
        await BrowserFixture.ScreenshotAsync(me, "student-before-release");

        await ta.GotoAsync("/staff/assignments/ai6126-hw1/release");
        await BrowserFixture.ScreenshotAsync(ta, "release");
        await ta.Locator("button:text('Release marks to students')").ClickAsync();
        await ta.Locator(".flash:text('Marks released')").WaitForAsync();

        await me.ReloadAsync();
        var item = me.Locator("#item-q4\\.l1_vs_l2");
        await Assertions.Expect(item.Locator(".points")).ToHaveTextAsync("1.5 / 2");
        await Assertions.Expect(item.Locator("ul.applied-criteria")).ToContainTextAsync("Robustness to outliers");
        await Assertions.Expect(item).ToContainTextAsync("Robust, yes: now say why.");
        await item.Locator("summary:text('Ask for a regrade of q4.l1_vs_l2')").ClickAsync();
        await item.Locator("textarea[name=message]").FillAsync("I also said why: L1 grows linearly, so one outlier cannot dominate.");
        await item.Locator("button:text('Send the request')").ClickAsync();
        await me.Locator(".flash:text('Your regrade request for q4.l1_vs_l2 was sent.')").WaitForAsync();
        await Assertions.Expect(me.Locator("#item-q4\\.l1_vs_l2 .regrade-request")).ToContainTextAsync("Awaiting an answer.");
        await BrowserFixture.ScreenshotAsync(me, "student-regrade-request");

        await ta.GotoAsync("/");
        await ta.Locator("a.count.warn[href='/staff/requests?assignment=ai6126-hw1']").ClickAsync();
        await ta.Locator("#requests a:text('Answer')").First.ClickAsync();
        await ta.Locator("textarea[name=Reply]").FillAsync("Right, you did: full marks.");
        await ta.Locator("input[name=Points]").FillAsync("2");
        await BrowserFixture.ScreenshotAsync(ta, "regrade-answer");
        await ta.Locator("#answer button[type=submit]").ClickAsync();
        await ta.Locator(".flash:has-text('answered')").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(ta, "regrade-queue");

        await me.ReloadAsync();
        await Assertions.Expect(item.Locator(".points")).ToHaveTextAsync("2 / 2");
        await Assertions.Expect(item.Locator(".regrade-request")).ToContainTextAsync("Right, you did: full marks.");
        await Assertions.Expect(item.Locator(".regrade-request")).ToContainTextAsync("1.5 → 2 points");
        await Assertions.Expect(me.Locator("main")).Not.ToContainTextAsync("TA ta-ai");
        await BrowserFixture.ScreenshotAsync(me, "student-regrade-answered");
    }

    [BrowserFact]
    public async Task A_student_who_opens_a_staff_page_is_told_it_does_not_exist()
    {
        var student = await Seed.StudentAsync(server, "ai6126", "snoop-" + Guid.NewGuid().ToString("N")[..6]);
        var page = await SignedInStudentAsync(server, student.Token);
        var response = await page.GotoAsync("/staff/assignments/ai6126-hw1");
        Assert.Equal(404, response!.Status);
        Assert.Equal(0, await page.Locator("input[name=Password]").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "student-staff-url");
    }
}
