namespace Grader.Server.Tests.Browser;

public sealed class SignInBrowserTests(BrowserFixture server) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task A_ta_signs_in_in_the_browser_and_reaches_the_course_page()
    {
        var page = await server.NewPageAsync();
        await BrowserFixture.SignInStaffAsync(page, Dashboard.DashboardFixture.AiInstructor);
        await page.Locator("h1:has-text('ai6126')").WaitForAsync();
        Assert.Contains("Gradebook", await page.ContentAsync());
        await BrowserFixture.ScreenshotAsync(page, "courses");

        await page.Locator("button:text('Sign out')").ClickAsync();
        await page.WaitForURLAsync("**/login");
    }
}
