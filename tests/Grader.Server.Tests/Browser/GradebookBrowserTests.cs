using System.Net.Http.Json;
using Grader.Data.Entities;
using Grader.Server.Api.Submissions;
using Microsoft.Playwright;

namespace Grader.Server.Tests.Browser;

/// <summary>A TA in a real browser: the gradebook of real uploads, its CSV download, a submission.</summary>
public sealed class GradebookBrowserTests(BrowserFixture server) : IClassFixture<BrowserFixture>
{
    /// <summary>
    /// Uploads a reference answer file as a new student of ai6126 and waits until it is graded (awaiting a TA
    /// where it answers the text items: <paramref name="expected"/>); returns the student's id.
    /// </summary>
    private async Task<string> UploadGradedAsync(string file, string expected)
    {
        var externalId = "b" + Guid.NewGuid().ToString("N")[..7];
        var student = await Grader.TestSupport.Seed.StudentAsync(server, "ai6126", externalId);
        using var client = server.Client(student.Token);
        var response = await client.PostAsync("/api/v1/assignments/ai6126-hw1/submissions", Uploads.Answers(Uploads.Reference("ai6126-hw1", file)));
        var accepted = await response.Content.ReadFromJsonAsync<SubmissionAccepted>();
        var status = await ServerFixture.WaitForStatusAsync(client, accepted!.Id, expected, SubmissionStatus.Failed);
        Assert.Equal(expected, status.Status);
        return externalId;
    }

    [BrowserFact]
    public async Task A_ta_opens_the_gradebook_downloads_the_csv_and_opens_a_submission()
    {
        var right = await UploadGradedAsync("solution.yaml", SubmissionStatus.AwaitingManual);
        var flipped = await UploadGradedAsync("wrong-flipped-kernel.yaml", SubmissionStatus.Graded); // no text answers to wait for

        var page = await server.NewPageAsync();
        await BrowserFixture.SignInStaffAsync(page, Dashboard.DashboardFixture.AiTa);
        await page.Locator("a:text('Gradebook')").First.ClickAsync();
        await page.WaitForURLAsync("**/staff/assignments/ai6126-hw1");
        Assert.Equal(2, await page.Locator("tr[data-student]").CountAsync());
        // The model solution earns every automatic point (15 of 20; the three text items, 5 points, await a TA);
        // the flipped kernel loses q2.toeplitz (2) and half of q3.iii.cost (1): 12.
        Assert.Equal("15", await page.Locator($"tr[data-student='{right}'] td.total").InnerTextAsync());
        Assert.Equal("12", await page.Locator($"tr[data-student='{flipped}'] td.total").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "gradebook");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a:text('Export CSV')").ClickAsync());
        Assert.Matches(@"^ai6126-hw1-grades-\d{8}\.csv$", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync(await download.PathAsync())).TrimStart('\uFEFF').Split("\r\n");
        Assert.StartsWith("Student ID,Name,Index,q1.conv2d_1,", lines[0]);
        Assert.EndsWith(",q5.batchnorm_batch_size,Total,Status,Late,Submitted at", lines[0]);
        // The model solution still awaits a TA: exported as incomplete, with no total an LMS could take
        // for a grade; the flipped kernel answered no text item, so it is final. Both are late (the
        // rubric's deadline has passed).
        Assert.Contains(lines, l => l.StartsWith(right + ",") && l.Contains(",,,,awaiting_manual,yes,"));
        Assert.Contains(lines, l => l.StartsWith(flipped + ",") && l.Contains(",12,graded,yes,"));
        Assert.Equal(4, lines.Length); // header, two students, and the empty string after the last CRLF

        // Item headers name the whole item on hover; the student columns stay while the items scroll by.
        Assert.StartsWith("q1.conv2d_1: Q1) Number of parameters", await page.Locator("th.item").First.GetAttributeAsync("title"));
        await page.SetViewportSizeAsync(900, 700);
        var name = page.Locator($"tr[data-student='{flipped}'] td.sticky.name");
        var before = (await name.BoundingBoxAsync())!.X;
        await page.EvaluateAsync("document.querySelector('.scroll').scrollLeft = 600");
        await Assertions.Expect(page.Locator($"tr[data-student='{flipped}'] td.cell").First).Not.ToBeInViewportAsync();
        Assert.Equal(before, (await name.BoundingBoxAsync())!.X, 1);
        await BrowserFixture.ScreenshotAsync(page, "gradebook-scrolled");
        await page.SetViewportSizeAsync(1400, 900);

        // Incomplete rows: the model solution, whose text answers wait for a TA.
        await page.Locator("select[name=filter]").SelectOptionAsync("incomplete");
        await page.Locator("form.toolbar button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**filter=incomplete**");
        Assert.Equal(1, await page.Locator("tr[data-student]").CountAsync());
        Assert.Equal(1, await page.Locator($"tr[data-student='{right}']").CountAsync());
        await page.GotoAsync("/staff/assignments/ai6126-hw1");

        // A cell opens its item on the submission page.
        await page.Locator($"tr[data-student='{flipped}'] td.cell a").Nth(6).ClickAsync();
        await page.WaitForURLAsync("**/submissions/*#item-q2.toeplitz");
        await page.Locator("#item-q2\\.toeplitz td.wrong").First.WaitForAsync();
        Assert.True(await page.Locator("#item-q2\\.toeplitz td.wrong").CountAsync() > 0);
        await BrowserFixture.ScreenshotAsync(page, "submission");
    }
}
