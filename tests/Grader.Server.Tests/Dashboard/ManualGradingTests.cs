using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Grader.Data.Admin;
using Grader.Data.Entities;
using Grader.Server.Api.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Dashboard;

/// <summary>
/// Five students who answered ai6126-hw1's three text items (and nothing else): students 0 to 2 each
/// in their own words; students 3 and 4 gave the same q4 answer but for case and spacing (one
/// group). And <see cref="Essays"/>: an ai6126 rubric with a text item without criteria (plain, 1
/// point) and one graded negatively (strict, 2 points: "No reason given" -1, "Sloppy notation" -0.5),
/// answered by students 0 to 2.
/// </summary>
public sealed class ManualGradingFixture : DashboardFixture
{
    public const string Essays = "ai6126-essays";
    public const string SameQ4 = "L1 is robust to OUTLIERS.";

    public List<(Guid Submission, string Token)> Students { get; } = [];
    /// <summary>Students 0 to 2's submissions of <see cref="Essays"/>.</summary>
    public List<Guid> EssaySubmissions { get; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var imported = await RubricImporter.ImportAsync(Contexts, """
            id: ai6126-essays
            title: Essays
            total: 3
            items:
              - { id: plain, points: 1, kind: text, model_answer: "A plain answer." }
              - id: strict
                points: 2
                kind: text
                model_answer: "A strict answer."
                scoring: negative
                criteria:
                  - { description: No reason given, points: -1 }
                  - { description: Sloppy notation, points: -0.5 }
            """, "essays.yaml", "ai6126", CancellationToken.None);
        Assert.True(imported.Success, string.Join("\n", imported.Problems));
        for (int i = 0; i < 5; i++)
        {
            var token = await StudentTokenAsync();
            string q4 = i switch { 3 => SameQ4, 4 => "l1  is robust to outliers.", _ => $"Answer {i} on L1 and L2." };
            var answers = $"answers:\n  q3.i.mse_drawback: Answer {i} on MSE.\n  q4.l1_vs_l2: \"{q4}\"\n  q5.batchnorm_batch_size: Answer {i} on batch norm.\n";
            Students.Add((await Submissions.GradedAsync(this, token, answers, expected: SubmissionStatus.AwaitingManual), token));
            if (i < 3)
                EssaySubmissions.Add(await Submissions.GradedAsync(this, token, $"answers:\n  plain: Plain {i}.\n  strict: Strict {i}.\n", Essays,
                    SubmissionStatus.AwaitingManual));
        }
    }
}

public sealed partial class ManualGradingTests(ManualGradingFixture server) : IClassFixture<ManualGradingFixture>
{
    private const string Base = "/staff/assignments/ai6126-hw1/manual/";

    private static long MarkIdOn(string html) => long.Parse(MarkIdInput().Match(html).Groups[1].Value);

    private static string SeenOn(string html) => SeenInput().Match(html).Groups[1].Value;

    private static int GradedOn(string html) => int.Parse(Progress().Match(html).Groups[1].Value);

    /// <summary>The criteria on the page as "key:id:points:description".</summary>
    private static List<(string Key, long Id, string Points, string Description)> CriteriaOn(string html) =>
        [.. Criterion().Matches(html).Select(m => (m.Groups[1].Value, long.Parse(m.Groups[2].Value), m.Groups[3].Value, WebUtility.HtmlDecode(m.Groups[4].Value)))];

    private async Task<Mark> MarkAsync(long id)
    {
        await using var db = await server.OpenAsync();
        return await db.Marks.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    private async Task<Mark> MarkOfAsync(Guid submission, string item)
    {
        await using var db = await server.OpenAsync();
        return await db.Marks.AsNoTracking().SingleAsync(m => m.SubmissionId == submission && m.ItemId == item);
    }

    private async Task<List<MarkChange>> ChangesAsync(long markId)
    {
        var mark = await MarkAsync(markId);
        await using var db = await server.OpenAsync();
        return await db.MarkChanges.AsNoTracking().Include(c => c.Staff)
            .Where(c => c.SubmissionId == mark.SubmissionId && c.ItemId == mark.ItemId).OrderBy(c => c.Id).ToListAsync();
    }

    /// <summary>Opens <paramref name="page"/> and saves its answer with these fields (MarkId and Seen from the page).</summary>
    private static async Task<(HttpResponseMessage Response, long MarkId)> GradeAsync(PageClient pages, string page, params (string, string)[] fields)
    {
        var html = await pages.GetHtmlAsync(page);
        long markId = MarkIdOn(html);
        var path = page.Split('?')[0];
        var response = await pages.PostFormAsync(page, path, [("MarkId", markId.ToString()), ("Seen", SeenOn(html)), .. fields]);
        return (response, markId);
    }

    private async Task<string> AnswerPageOfAsync(PageClient pages, Guid submission, string item) =>
        $"{Base}{item}?answer={(await MarkOfAsync(submission, item)).Id}";

    [Fact]
    public async Task Ticked_criteria_give_their_sum_as_a_manual_mark_with_its_audit_row_and_the_next_answer_follows()
    {
        using var pages = await server.StaffPagesAsync();
        var page = await AnswerPageOfAsync(pages, server.Students[0].Submission, "q4.l1_vs_l2");
        var html = await pages.GetHtmlAsync(page);
        var criteria = CriteriaOn(html);
        Assert.Equal([("1", "1.5", "Robustness to outliers"), ("2", "0.5", "Reason: squared residuals let large errors dominate / L1 grows linearly / median vs mean")],
            criteria.Select(c => (c.Key, c.Points, c.Description)));
        int graded = GradedOn(html);

        var (response, markId) = await GradeAsync(pages, page, ("Ticked", criteria[0].Id.ToString()), ("Comment", "Outliers, but no reason why."),
            ("Note", "Check with Prof about the median argument."));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith($"?after={markId}", response.Headers.Location!.OriginalString); // on to the next ungraded answer
        var next = await pages.GetHtmlAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Saved: 1.5 / 2 points.", next);
        Assert.Equal(graded + 1, GradedOn(next));
        Assert.DoesNotContain($"name=\"MarkId\" value=\"{markId}\"", next);

        var mark = await MarkAsync(markId);
        Assert.Equal((1.5, "manual", "partial", "Outliers, but no reason why."), (mark.Points, mark.Source, mark.Result, mark.Feedback));
        Assert.Equal((0.0, "Check with Prof about the median argument."), (mark.Adjustment, mark.StaffNote));
        var change = Assert.Single(await ChangesAsync(markId));
        Assert.Equal((DashboardFixture.AiTa, 0.0, "auto", 1.5, "manual", "manual grading"),
            (change.Staff!.ExternalId, change.OldPoints, change.OldSource, change.NewPoints, change.NewSource, change.Reason));
    }

    [Theory]
    [InlineData(new[] { 0, 1 }, "0", 2.0)]
    [InlineData(new[] { 0, 1 }, "0.5", 2.0)]     // 2.5 is kept to the item's 2 points
    [InlineData(new int[0], "0.25", 0.25)]
    [InlineData(new[] { 1 }, "-1", 0.0)]          // -0.5 is kept to 0
    [InlineData(new[] { 0 }, "-0.25", 1.25)]
    public async Task The_score_is_the_ticked_criteria_plus_the_adjustment_within_the_items_points(int[] ticked, string adjustment, double score)
    {
        using var pages = await server.StaffPagesAsync();
        var page = await AnswerPageOfAsync(pages, server.Students[1].Submission, "q4.l1_vs_l2"); // graded again by each case
        var criteria = CriteriaOn(await pages.GetHtmlAsync(page));
        var (_, markId) = await GradeAsync(pages, page, [.. ticked.Select(i => ("Ticked", criteria[i].Id.ToString())), ("Adjustment", adjustment)]);
        Assert.Equal(score, (await MarkAsync(markId)).Points);
    }

    [Fact]
    public async Task Negative_grading_starts_from_full_points_and_criteria_take_them_away()
    {
        using var pages = await server.StaffPagesAsync();
        const string strict = $"/staff/assignments/{ManualGradingFixture.Essays}/manual/strict";
        var criteria = CriteriaOn(await pages.GetHtmlAsync(strict));
        var (_, untouched) = await GradeAsync(pages, $"{strict}?answer={(await MarkOfAsync(server.EssaySubmissions[0], "strict")).Id}");
        var (_, bothOff) = await GradeAsync(pages, $"{strict}?answer={(await MarkOfAsync(server.EssaySubmissions[1], "strict")).Id}",
            ("Ticked", criteria[0].Id.ToString()), ("Ticked", criteria[1].Id.ToString()));
        Assert.Equal(2.0, (await MarkAsync(untouched)).Points);
        Assert.Equal(0.5, (await MarkAsync(bothOff)).Points); // 2 - 1 - 0.5
    }

    [Theory]
    [InlineData("1.5", "Points must be between 0 and 1.")]
    [InlineData("-1", "Points must be between 0 and 1.")]
    [InlineData("0.33", "Points go in steps of 0.05.")]
    [InlineData("", "Enter the points.")]
    public async Task Without_criteria_typed_points_out_of_range_are_refused_and_nothing_changes(string points, string message)
    {
        const string page = $"/staff/assignments/{ManualGradingFixture.Essays}/manual/plain";
        using var pages = await server.StaffPagesAsync();
        var html = await pages.GetHtmlAsync(page);
        Assert.Contains("data-set=\"#points\" data-value=\"1\" data-key=\"f\"", html); // the full-marks key says what it gives
        var (response, markId) = await GradeAsync(pages, page, ("Points", points), ("Comment", "no"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, answer);
        Assert.Equal(markId, MarkIdOn(answer)); // the same answer again, to correct the score
        Assert.Equal("pending_manual", (await MarkAsync(markId)).Result);
        Assert.Empty(await ChangesAsync(markId));
    }

    [Fact]
    public async Task An_adjustment_beyond_the_items_points_is_refused()
    {
        using var pages = await server.StaffPagesAsync();
        var (response, markId) = await GradeAsync(pages, await AnswerPageOfAsync(pages, server.Students[4].Submission, "q5.batchnorm_batch_size"),
            ("Adjustment", "3"));
        Assert.Contains("Adjustment: points must be between -2 and 2.", await response.Content.ReadAsStringAsync());
        Assert.Empty(await ChangesAsync(markId));
    }

    [Fact]
    public async Task Two_tas_saving_the_same_answer_at_once_do_not_overwrite_each_other()
    {
        var page = $"{Base}q3.i.mse_drawback";
        using var ta = await server.StaffPagesAsync();
        using var prof = await server.StaffPagesAsync(DashboardFixture.AiInstructor);
        var html = await ta.GetHtmlAsync(page);
        long markId = MarkIdOn(html);
        Assert.Equal(markId, MarkIdOn(await prof.GetHtmlAsync(page))); // both see the same answer first
        var criterion = CriteriaOn(html)[0].Id.ToString();

        var responses = await Task.WhenAll(
            ta.PostFormAsync(page, page, ("MarkId", markId.ToString()), ("Seen", SeenOn(html)), ("Ticked", criterion), ("Comment", "TA's mark")),
            prof.PostFormAsync(page, page, ("MarkId", markId.ToString()), ("Seen", SeenOn(html)), ("Comment", "Prof's mark")));
        var pagesAfter = new[] { await ta.GetHtmlAsync(responses[0].Headers.Location!.OriginalString),
            await prof.GetHtmlAsync(responses[1].Headers.Location!.OriginalString) };

        var change = Assert.Single(await ChangesAsync(markId));
        var mark = await MarkAsync(markId);
        Assert.Equal((change.NewPoints, change.NewFeedback), (mark.Points, mark.Feedback));
        Assert.Single(pagesAfter, h => h.Contains("Someone else graded that answer meanwhile; their mark stands."));
        Assert.Single(pagesAfter, h => h.Contains("Saved:"));
    }

    [Fact]
    public async Task Answers_that_read_the_same_are_graded_once_for_all_and_a_group_can_be_split()
    {
        using var pages = await server.StaffPagesAsync();
        var three = server.Students[3].Submission;
        var four = server.Students[4].Submission;
        var page = await AnswerPageOfAsync(pages, three, "q4.l1_vs_l2");
        var html = await pages.GetHtmlAsync(page);
        Assert.Contains("2 answers that read the same", html);
        Assert.Contains(ManualGradingFixture.SameQ4, html);
        // Opened at either answer, the page shows the group (by its first answer).
        Assert.Equal(MarkIdOn(html), MarkIdOn(await pages.GetHtmlAsync(await AnswerPageOfAsync(pages, four, "q4.l1_vs_l2"))));

        var criteria = CriteriaOn(html);
        var (response, _) = await GradeAsync(pages, page, ("Ticked", criteria[0].Id.ToString()), ("Comment", "Robust, yes."));
        Assert.Contains("Saved: 1.5 / 2 points for 2 answers that read the same.", await pages.GetHtmlAsync(response.Headers.Location!.OriginalString));
        foreach (var submission in new[] { three, four })
        {
            var mark = await MarkOfAsync(submission, "q4.l1_vs_l2");
            Assert.Equal((1.5, "manual", "Robust, yes."), (mark.Points, mark.Source, mark.Feedback));
            var change = Assert.Single(await ChangesAsync(mark.Id));
            Assert.Equal("manual grading (a group of 2 answers that read the same)", change.Reason);
        }

        var fourMark = await MarkOfAsync(four, "q4.l1_vs_l2");
        await pages.PostFormAsync(page, page.Split('?')[0] + "?handler=Split", ("markId", fourMark.Id.ToString()));
        var alone = await pages.GetHtmlAsync($"{Base}q4.l1_vs_l2?answer={fourMark.Id}");
        Assert.DoesNotContain("answers that read the same", alone);
        Assert.Equal(fourMark.Id, MarkIdOn(alone));
        Assert.True((await MarkAsync(fourMark.Id)).Ungrouped);
    }

    [Fact]
    public async Task Changing_a_criterions_points_rescores_every_answer_that_has_it_ticked_and_lists_them()
    {
        using var pages = await server.StaffPagesAsync();
        const string page = $"{Base}q5.batchnorm_batch_size";
        var criteria = CriteriaOn(await pages.GetHtmlAsync(page));
        async Task<string> Of(int student) => $"{page}?answer={(await MarkOfAsync(server.Students[student].Submission, "q5.batchnorm_batch_size")).Id}";
        var (_, first) = await GradeAsync(pages, await Of(0), ("Ticked", criteria[0].Id.ToString()), ("Ticked", criteria[1].Id.ToString()));
        var (_, second) = await GradeAsync(pages, await Of(1), ("Ticked", criteria[1].Id.ToString()), ("Adjustment", "0.25"));
        var (_, third) = await GradeAsync(pages, await Of(3), ("Ticked", criteria[0].Id.ToString()));
        Assert.Equal((2.0, 1.25, 1.0), ((await MarkAsync(first)).Points, (await MarkAsync(second)).Points, (await MarkAsync(third)).Points));

        // "Small batch -> noisy estimates" from 1 to 0.5 point: first 2 -> 1.5, second 1.25 -> 0.75, third untouched.
        var response = await pages.PostFormAsync(page, page + "?handler=ChangeCriterion", ("criterionId", criteria[1].Id.ToString()),
            ("description", criteria[1].Description), ("criterionPoints", "0.5"));
        var flash = WebUtility.HtmlDecode(await pages.GetHtmlAsync(response.Headers.Location!.OriginalString));
        Assert.Contains("Criterion changed. 2 answer(s) re-scored:", flash);
        Assert.Contains("2 → 1.5", flash);
        Assert.Contains("1.25 → 0.75", flash);
        Assert.Equal((1.5, 0.75, 1.0), ((await MarkAsync(first)).Points, (await MarkAsync(second)).Points, (await MarkAsync(third)).Points));
        var audit = (await ChangesAsync(first)).Last();
        Assert.Equal((2.0, 1.5, "manual"), (audit.OldPoints!.Value, audit.NewPoints, audit.NewSource));
        Assert.Equal($"criterion \"{criteria[1].Description}\" changed from 1 to 0.5 points", audit.Reason);
        Assert.Equal(DashboardFixture.AiTa, audit.Staff!.ExternalId);

        // Deleting it takes its points away from the answers that had it.
        await pages.PostFormAsync(page, page + "?handler=DeleteCriterion", ("criterionId", criteria[1].Id.ToString()));
        Assert.Equal((1.0, 0.25), ((await MarkAsync(first)).Points, (await MarkAsync(second)).Points));
        Assert.DoesNotContain(CriteriaOn(await pages.GetHtmlAsync(page)), c => c.Id == criteria[1].Id);
    }

    [Fact]
    public async Task A_criterion_added_on_the_page_can_be_ticked_and_a_wrong_one_is_refused()
    {
        using var pages = await server.StaffPagesAsync();
        const string page = $"/staff/assignments/{ManualGradingFixture.Essays}/manual/strict";
        var refused = await pages.PostFormAsync(page, page + "?handler=AddCriterion", ("description", "Far too much"), ("criterionPoints", "-3"));
        Assert.Contains("Not saved: Points: points must be between -2 and 2.", await pages.GetHtmlAsync(refused.Headers.Location!.OriginalString));
        await pages.PostFormAsync(page, page + "?handler=AddCriterion", ("description", "Wrong sign"), ("criterionPoints", "-0.25"));
        var added = Assert.Single(CriteriaOn(await pages.GetHtmlAsync(page)), c => c.Description == "Wrong sign");
        Assert.Equal(("3", "-0.25"), (added.Key, added.Points));
    }

    [Fact]
    public async Task Saved_comments_are_offered_with_their_keys_and_can_be_deleted()
    {
        using var pages = await server.StaffPagesAsync();
        var page = $"{Base}q3.i.mse_drawback";
        var (response, _) = await GradeAsync(pages, page, ("Comment", "Say why the gradient vanishes."), ("SaveComment", "true"));
        await pages.PostFormAsync(page, page + "?handler=AddComment", ("text", "Good: bounded loss."));
        var html = WebUtility.HtmlDecode(await pages.GetHtmlAsync(page));
        Assert.Matches(@"data-comment-key=""1"" title=""Insert this comment"">\s*<kbd>Shift\+1</kbd>\s*Say why the gradient vanishes.</button>", html);
        Assert.Matches(@"data-comment-key=""2"" title=""Insert this comment"">\s*<kbd>Shift\+2</kbd>\s*Good: bounded loss.</button>", html);

        var id = Regex.Match(html, @"name=""commentId"" value=""(\d+)""").Groups[1].Value;
        await pages.PostFormAsync(page, page + "?handler=DeleteComment", ("commentId", id));
        Assert.DoesNotContain("Say why the gradient vanishes.</button>", await pages.GetHtmlAsync(page));
    }

    [Fact]
    public async Task Next_previous_and_next_ungraded_go_through_the_answers_without_the_list()
    {
        using var pages = await server.StaffPagesAsync();
        var first = await pages.GetHtmlAsync($"/staff/assignments/{ManualGradingFixture.Essays}/manual/plain?answer={(await MarkOfAsync(server.EssaySubmissions[0], "plain")).Id}");
        Assert.Contains("answer group 1 of 3", first);
        Assert.DoesNotContain("id=\"previous\"", first);
        var next = Regex.Match(first, @"href=""([^""]+)"" data-key=""n"" id=""next""").Groups[1].Value;
        var second = await pages.GetHtmlAsync(WebUtility.HtmlDecode(next));
        Assert.Contains("answer group 2 of 3", second);
        Assert.Contains("data-key=\"p\" id=\"previous\"", second);
        Assert.Contains("data-key=\"u\" id=\"next-ungraded\"", second);
        Assert.Equal(MarkIdOn(second), (await MarkOfAsync(server.EssaySubmissions[1], "plain")).Id);
    }

    [Fact]
    public async Task A_submission_whose_text_items_are_all_graded_is_graded_once_released_with_the_ticked_criteria_shown()
    {
        var (submission, token) = server.Students[2];
        using var pages = await server.StaffPagesAsync();
        // q3.i: its one criterion (1); q4: both (1.5 + 0.5); q5: the first (1). Nothing else was answered: 4 of 20.
        foreach (var (item, ticks) in new[] { ("q3.i.mse_drawback", new[] { 0 }), ("q4.l1_vs_l2", new[] { 0, 1 }), ("q5.batchnorm_batch_size", new[] { 0 }) })
        {
            var page = await AnswerPageOfAsync(pages, submission, item);
            var criteria = CriteriaOn(await pages.GetHtmlAsync(page));
            var (response, _) = await GradeAsync(pages, page, [.. ticks.Select(i => ("Ticked", criteria[i].Id.ToString())), ("Note", "internal: borderline")]);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        using var student = server.Client(token);
        var held = await student.GetFromJsonAsync<SubmissionMarksDto>($"/api/v1/submissions/{submission}/marks");
        Assert.Equal((SubmissionStatus.AwaitingRelease, 3), (held!.Status, held.Pending)); // graded by hand, not yet released
        const string release = "/staff/assignments/ai6126-hw1/release";
        Assert.Equal(HttpStatusCode.Redirect, (await pages.PostFormAsync(release, release + "?handler=Assignment", ("release", "true"))).StatusCode);

        var raw = await student.GetStringAsync($"/api/v1/submissions/{submission}/marks");
        var marks = await student.GetFromJsonAsync<SubmissionMarksDto>($"/api/v1/submissions/{submission}/marks");
        Assert.Equal((SubmissionStatus.Graded, 0, 4.0), (marks!.Status, marks.Pending, marks.Total));
        var q4 = marks.Items.Single(i => i.ItemId == "q4.l1_vs_l2");
        Assert.Equal(["Robustness to outliers", "Reason: squared residuals let large errors dominate / L1 grows linearly / median vs mean"],
            q4.Criteria.Select(c => c.Description));
        Assert.Equal("Graded by a TA.", q4.Feedback);
        Assert.DoesNotContain("internal: borderline", raw);
        using var studentPages = await server.StudentPagesAsync(token);
        var own = await studentPages.GetHtmlAsync($"/submissions/{submission}");
        Assert.Contains("Robustness to outliers", own);
        Assert.DoesNotContain("internal: borderline", own);
        Assert.Contains("internal: borderline", await pages.GetHtmlAsync($"/submissions/{submission}"));
        await pages.PostFormAsync(release, release + "?handler=Assignment", ("release", "false"));
    }

    [Fact]
    public async Task The_item_picker_shows_each_text_item_with_its_progress_and_who_graded_how_many()
    {
        using var pages = await server.StaffPagesAsync();
        await GradeAsync(pages, $"/staff/assignments/{ManualGradingFixture.Essays}/manual/plain", ("Points", "1"));
        var html = await pages.GetHtmlAsync($"/staff/assignments/{ManualGradingFixture.Essays}/manual");
        Assert.Contains($"/staff/assignments/{ManualGradingFixture.Essays}/manual/plain", html);
        Assert.Matches(@"<td class=""num"">[1-3] of 3</td>", html);
        Assert.Matches(@"<tr><td>plain</td><td>TA ta-ai</td><td class=""num"">[1-3]</td></tr>", Submissions.Section(html.Replace("</table>", "</section>"), "by-ta"));
    }

    [Fact]
    public async Task A_ta_of_another_course_gets_not_found_for_every_manual_grading_page()
    {
        using var pages = await server.StaffPagesAsync(DashboardFixture.RptuTa);
        var q4 = $"{Base}q4.l1_vs_l2";
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync("/staff/assignments/ai6126-hw1/manual")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync(q4)).StatusCode);
        foreach (var handler in new[] { "", "?handler=Split", "?handler=AddCriterion", "?handler=ChangeCriterion", "?handler=DeleteComment" })
        {
            var post = await pages.PostFormAsync("/", q4 + handler, ("MarkId", "1"), ("criterionId", "1"), ("markId", "1"), ("commentId", "1"));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }
    }

    [Fact]
    public async Task An_item_that_is_not_a_text_item_has_no_manual_queue()
    {
        using var pages = await server.StaffPagesAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync($"{Base}q1.total")).StatusCode);
    }

    [GeneratedRegex(@"name=""MarkId"" value=""(\d+)""")]
    private static partial Regex MarkIdInput();

    [GeneratedRegex(@"name=""Seen"" value=""(\d+)""")]
    private static partial Regex SeenInput();

    [GeneratedRegex(@"id=""progress"">(\d+) of \d+ graded")]
    private static partial Regex Progress();

    [GeneratedRegex(@"<label class=""criterion"" data-key=""(\d)"">\s*<input type=""checkbox"" name=""Ticked"" value=""(\d+)"" data-points=""([-0-9.]+)""[^>]*>\s*<kbd>\d</kbd>\s*<span[^>]*>[^<]*</span>\s*<span>([^<]*)</span>")]
    private static partial Regex Criterion();
}
