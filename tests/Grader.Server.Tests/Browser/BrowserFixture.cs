using Grader.Server.Tests.Dashboard;
using Microsoft.Playwright;

namespace Grader.Server.Tests.Browser;

/// <summary>
/// The service (<see cref="DashboardFixture"/>) and one headless Chromium driven by Playwright.
/// Screenshots go to .data/test-artifacts/screenshots (or $GRADER_TEST_ARTIFACTS/screenshots).
/// </summary>
public sealed class BrowserFixture : DashboardFixture
{
    private IPlaywright? playwright;
    private IBrowser? browser;

    public static string ScreenshotFolder => Path.Combine(
        Environment.GetEnvironmentVariable("GRADER_TEST_ARTIFACTS") is { Length: > 0 } dir ? dir : Path.Combine(RepositoryRoot.Path, ".data", "test-artifacts"),
        "screenshots");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        if (BrowserFactAttribute.Executable is not { } executable) return;
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // Root in a container has no user namespace for Chromium's sandbox.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) with one page.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public static async Task SignInStaffAsync(IPage page, string login)
    {
        await page.GotoAsync("/login");
        await page.Locator("form:has(h2:text('Staff')) input[name=Login]").FillAsync(login);
        await page.Locator("form:has(h2:text('Staff')) input[name=Password]").FillAsync(Grader.TestSupport.SeedStaff.Password);
        await page.Locator("form:has(h2:text('Staff')) button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login"));
    }

    public override async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        await base.DisposeAsync();
    }
}
