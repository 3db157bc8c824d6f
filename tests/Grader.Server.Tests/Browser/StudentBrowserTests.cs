using Grader.TestSupport;
using Microsoft.Playwright;

namespace Grader.Server.Tests.Browser;

/// <summary>A student in a real browser: sign in with the token, upload through the form, watch the grading.</summary>
public sealed class StudentBrowserTests(BrowserFixture server) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task A_student_uploads_through_the_form_and_watches_the_status_reach_graded()
    {
        var student = await Seed.StudentAsync(server, "ai6126", "web-" + Guid.NewGuid().ToString("N")[..6]);
        var page = await server.NewPageAsync();
        await page.GotoAsync("/login");
        await page.Locator("input[name=Token]").FillAsync(student.Token);
        await page.Locator("form:has(h2:text('Students')) button[type=submit]").ClickAsync();
        await page.Locator("a[href='/assignments/ai6126-hw1/submit']").ClickAsync();
        await page.WaitForURLAsync("**/assignments/ai6126-hw1/submit");
        await BrowserFixture.ScreenshotAsync(page, "student-upload");

        await page.Locator("input[name=answers]").SetInputFilesAsync(RepositoryFiles.Reference("ai6126-hw1", "wrong-flipped-kernel.yaml"));
        await page.Locator("button:text('Submit for grading')").ClickAsync();
        await page.WaitForURLAsync("**/submissions/*", new() { Timeout = 5000 }).ContinueWith(async t =>
        {
            if (t.IsFaulted) throw new Xunit.Sdk.XunitException("no redirect; the form says: " + await page.Locator("main").InnerTextAsync());
        }).Unwrap();
        // The page polls the status and reloads itself when grading is done; nobody reloads it here.
        // Expect retries until it holds, across the page's own reloads.
        // This file leaves the text items unanswered: nothing waits for a TA.
        await Assertions.Expect(page.Locator("dt:text('Status') + dd .status")).ToHaveTextAsync("graded", new() { Timeout = 60_000 });
        // Hand-worked (reference/ai6126-hw1/cases.yaml): 15 automatic points less q2.toeplitz (2) and half of q3.iii.cost (1).
        await Assertions.Expect(page.Locator("dd.total")).ToHaveTextAsync("12 / 20");
        await BrowserFixture.ScreenshotAsync(page, "student-submission");
    }
}
