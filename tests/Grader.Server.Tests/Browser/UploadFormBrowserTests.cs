using Grader.TestSupport;
using Microsoft.Playwright;

namespace Grader.Server.Tests.Browser;

/// <summary>
/// Every seed assignment's upload form in Chromium, with its model file inputs left empty (Chromium
/// then sends empty parts with a blank file name) and, where it has model items, with them filled.
/// </summary>
public sealed class UploadFormBrowserTests(BrowserFixture server) : IClassFixture<BrowserFixture>
{
    public static TheoryData<string, string, int> Assignments => new()
    {
        // assignment, course (the rubric id up to its first '-'), model items on its form
        { "ai6126-hw1", "ai6126", 0 },
        { "en4553-a2", "en4553", 0 },
        { "nnti-ws2425-sheet10", "nnti", 2 },
        { "nyu-dl-hw2", "nyu", 0 },
        { "rptu-dl-ex2", "rptu", 1 },
    };

    private async Task<IPage> SignedInStudentAsync(string assignment, string course)
    {
        await Seed.RubricAsync(server, assignment, course); // no-op for the fixture's own two
        var student = await Seed.StudentAsync(server, course, "form-" + Guid.NewGuid().ToString("N")[..6]);
        var page = await server.NewPageAsync();
        await page.GotoAsync("/login");
        await page.Locator("input[name=Token]").FillAsync(student.Token);
        await page.Locator("form:has(h2:text('Students')) button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login"));
        await page.GotoAsync($"/assignments/{assignment}/submit");
        return page;
    }

    private static async Task SubmitAndExpectTheSubmissionPageAsync(IPage page)
    {
        await page.Locator("button:text('Submit for grading')").ClickAsync();
        await page.WaitForURLAsync("**/submissions/*").ContinueWith(async t =>
        {
            if (t.IsFaulted) throw new Xunit.Sdk.XunitException("no redirect; the form says: " + await page.Locator("main").InnerTextAsync());
        }).Unwrap();
    }

    [BrowserTheory]
    [MemberData(nameof(Assignments))]
    public async Task The_form_uploads_the_answers_alone_with_every_model_input_left_empty(string assignment, string course, int modelItems)
    {
        var page = await SignedInStudentAsync(assignment, course);
        Assert.Equal(modelItems, await page.Locator("#upload input[type=file][name^='model:']").CountAsync());
        await page.Locator("input[name=answers]").SetInputFilesAsync(RepositoryFiles.Reference(assignment, "solution.yaml"));
        await BrowserFixture.ScreenshotAsync(page, $"upload-form-{assignment}");

        await SubmitAndExpectTheSubmissionPageAsync(page);

        var files = await page.Locator("h2:text('Files') + table").InnerTextAsync();
        Assert.Contains("solution.yaml", files);
        Assert.DoesNotContain("model", files);
    }

    [BrowserTheory]
    [InlineData("nnti-ws2425-sheet10", "nnti")]
    [InlineData("rptu-dl-ex2", "rptu")]
    public async Task The_form_uploads_the_answers_with_a_file_for_every_model_item(string assignment, string course)
    {
        var page = await SignedInStudentAsync(assignment, course);
        var inputs = page.Locator("#upload input[type=file][name^='model:']");
        var folder = Directory.CreateTempSubdirectory("grader-form-");
        int count = await inputs.CountAsync();
        for (int i = 0; i < count; i++)
        {
            var path = Path.Combine(folder.FullName, $"net{i}.onnx");
            await File.WriteAllBytesAsync(path, [8, 1, 18, 4, 1, 2, 3, (byte)i]);
            await inputs.Nth(i).SetInputFilesAsync(path);
        }
        await page.Locator("input[name=answers]").SetInputFilesAsync(RepositoryFiles.Reference(assignment, "solution.yaml"));

        await SubmitAndExpectTheSubmissionPageAsync(page);

        var files = await page.Locator("h2:text('Files') + table").InnerTextAsync();
        for (int i = 0; i < count; i++) Assert.Contains($"net{i}.onnx", files);
        await BrowserFixture.ScreenshotAsync(page, $"upload-with-models-{assignment}");
        folder.Delete(recursive: true);
    }
}
