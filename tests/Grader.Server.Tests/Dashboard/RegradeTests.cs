using System.Net;
using Grader.Data.Admin;
using Grader.Data.Entities;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Dashboard;

public sealed class RegradeTests(DashboardFixture server) : IClassFixture<DashboardFixture>
{
    private const string Page = "/staff/assignments/ai6126-hw1/regrades";

    /// <summary>ai6126-hw1 with the log10 mistake of Q3 iii worth 1.5 points instead of 1.</summary>
    private async Task ImportLenientVersionAsync()
    {
        var path = RepositoryFiles.Rubric("ai6126-hw1");
        var yaml = await File.ReadAllTextAsync(path);
        const string log10 = "        points: 1\n        feedback: \"Computed with log10;";
        Assert.Contains(log10, yaml);
        var result = await RubricImporter.ImportAsync(server.Contexts, yaml.Replace(log10, log10.Replace("points: 1", "points: 1.5")),
            path, "ai6126", CancellationToken.None);
        Assert.True(result.Success && result.Changed);
    }

    private async Task<PageClient> SignedInAsync(string login)
    {
        var pages = server.Pages();
        await pages.SignInStaffAsync(login);
        return pages;
    }

    private async Task WaitForJobsAsync(long regradeId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = await server.OpenAsync();
            if (!await db.Jobs.AnyAsync(j => j.RegradeId == regradeId && j.State != JobStates.Succeeded)) return;
            await Task.Delay(100);
        }
        Assert.Fail($"the jobs of re-run {regradeId} did not finish");
    }

    [Fact]
    public async Task A_rerun_under_a_new_rubric_version_remarks_every_submission_and_lists_the_changed_marks()
    {
        var flipped = await Submissions.NewStudentGradedAsync(server, Uploads.Reference("ai6126-hw1", "wrong-flipped-kernel.yaml"));
        var solution = await Submissions.NewStudentGradedAsync(server, Uploads.Reference("ai6126-hw1"));
        var overridden = await Submissions.NewStudentGradedAsync(server, Uploads.Reference("ai6126-hw1", "wrong-flipped-kernel.yaml"));
        await using (var db = await server.OpenAsync())
            await db.Marks.Where(m => m.SubmissionId == overridden && m.ItemId == "q3.iii.cost")
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Source, MarkSources.Override).SetProperty(m => m.Points, 0.5));
        await ImportLenientVersionAsync();

        using var prof = await SignedInAsync(DashboardFixture.AiInstructor);
        var response = await prof.PostFormAsync(Page, Page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        long regradeId = long.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
        await WaitForJobsAsync(regradeId);

        await using (var db = await server.OpenAsync())
        {
            var version = await db.Assignments.Where(a => a.Id == "ai6126-hw1").Select(a => a.CurrentVersionId).SingleAsync();
            Assert.All(await db.Submissions.Where(s => s.AssignmentId == "ai6126-hw1").ToListAsync(),
                s => Assert.Equal((version!.Value, SubmissionStatus.Graded), (s.RubricVersionId, s.Status)));
            var changes = await db.MarkChanges.Where(c => c.RegradeId == regradeId).ToListAsync();
            // only the flipped kernel's log10 answer changes: 1 -> 1.5; the overridden one stays 0.5 by hand
            var change = Assert.Single(changes);
            Assert.Equal((flipped, "q3.iii.cost", 1.0, 1.5, (long?)null, "rubric re-run"),
                (change.SubmissionId, change.ItemId, change.OldPoints, change.NewPoints, change.ChangedBy, change.Reason));
            var kept = await db.Marks.SingleAsync(m => m.SubmissionId == overridden && m.ItemId == "q3.iii.cost");
            Assert.Equal((MarkSources.Override, 0.5), (kept.Source, kept.Points));
            Assert.Equal(15, await db.Marks.Where(m => m.SubmissionId == solution).SumAsync(m => m.Points));
        }

        var html = await prof.GetHtmlAsync($"{Page}/{regradeId}");
        Assert.Contains("v1 → v2", html);
        Assert.Contains("Prof. Ada", html);
        Assert.Contains("3 of 3 jobs done", html);
        var listed = Submissions.Section(html, "changes");
        Assert.Contains("<td>q3.iii.cost</td>", listed);
        Assert.Contains("<span class=\"old\">1</span> → 1.5", listed);
    }

    [Fact]
    public async Task A_ta_sees_the_reruns_but_cannot_start_one()
    {
        using var ta = await SignedInAsync(DashboardFixture.AiTa);
        var html = await ta.GetHtmlAsync(Page);
        Assert.Contains("Only an instructor of the course can start a re-run.", html);
        Assert.DoesNotContain("id=\"start\"", html);

        int before;
        await using (var db = await server.OpenAsync()) before = await db.Regrades.CountAsync();
        var response = await ta.PostFormAsync(Page, Page);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using (var db = await server.OpenAsync()) Assert.Equal(before, await db.Regrades.CountAsync());
    }

    [Fact]
    public async Task A_ta_of_another_course_gets_not_found()
    {
        using var pages = await SignedInAsync(DashboardFixture.RptuTa);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync(Page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.PostFormAsync("/", Page)).StatusCode);
    }
}
