using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grader.Core.Answers;
using Grader.Core.Checking;
using Grader.Core.Rubrics;
using Grader.Data.Entities;
using Grader.Server.Api.Submissions;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Api;

public sealed class SubmissionUploadTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private async Task<(HttpResponseMessage Response, SubmissionAccepted? Body)> UploadAsync(HttpClient client, string assignment,
        HttpContent content, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/assignments/{assignment}/submissions") { Content = content };
        if (idempotencyKey is not null) request.Headers.Add(SubmissionEndpoints.IdempotencyHeader, idempotencyKey);
        var response = await client.SendAsync(request);
        return (response, response.StatusCode == HttpStatusCode.Accepted ? await response.Content.ReadFromJsonAsync<SubmissionAccepted>() : null);
    }

    [Fact]
    public async Task The_reference_solution_is_accepted_graded_and_its_marks_match_the_grading_core()
    {
        using var client = server.Client(await server.StudentTokenAsync());
        var answers = Uploads.Reference("ai6126-hw1");

        var (response, accepted) = await UploadAsync(client, "ai6126-hw1", Uploads.Answers(answers));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/v1/submissions/{accepted!.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(SubmissionStatus.Queued, accepted.Status);
        var status = await ServerFixture.WaitForStatusAsync(client, accepted.Id, SubmissionStatus.AwaitingManual);
        Assert.Equal(SubmissionStatus.AwaitingManual, status.Status); // graded, with the text items left to a TA
        Assert.Equal(1, status.RubricVersion);

        var marks = await client.GetFromJsonAsync<SubmissionMarksDto>(accepted.MarksUrl);
        var rubric = RubricLoader.Load(File.ReadAllText(RepositoryFiles.Rubric("ai6126-hw1")), "r").Rubric!;
        var expected = SubmissionGrader.Grade(rubric, AnswerFileReader.Read(answers, "a.yaml").File!);
        Assert.Equal(expected.Items.Select(i => i.ItemId), marks!.Items.Select(m => m.ItemId));
        Assert.Equal(expected.Total, marks.Total, 6);
        Assert.Equal(expected.MaxTotal, marks.MaxTotal, 6);
        Assert.Equal(rubric.ContentHash, marks.RubricHash);
        // The three text items wait for a TA (and then for their release): held back from the student.
        Assert.Equal(rubric.Items.Where(i => i.Kind == ItemKind.Text).Select(i => i.Id),
            marks.Items.Where(m => m.Status == Grader.Data.Release.StudentMarks.BeingGraded).Select(m => m.ItemId));
        Assert.All(marks.Items.Where(m => m.Points is not null), m => Assert.Equal(m.MaxPoints, m.Points));
    }

    [Fact]
    public async Task A_wrong_submission_gets_the_feedback_of_the_grading_core()
    {
        using var client = server.Client(await server.StudentTokenAsync());
        var (_, accepted) = await UploadAsync(client, "ai6126-hw1", Uploads.Answers(Uploads.Reference("ai6126-hw1", "wrong-no-bias.yaml")));
        await ServerFixture.WaitForStatusAsync(client, accepted!.Id, SubmissionStatus.AwaitingManual);
        var marks = await client.GetFromJsonAsync<SubmissionMarksDto>(accepted.MarksUrl);
        var mark = marks!.Items.Single(m => m.ItemId == "q1.conv2d_1");
        Assert.Equal(0, mark.Points);
        Assert.Equal("auto", mark.Source);
        Assert.False(string.IsNullOrWhiteSpace(mark.Feedback));
        Assert.Equal(JsonValueKind.Object, mark.Details!.Value.ValueKind);
    }

    [Fact]
    public async Task An_unreadable_answers_file_is_graded_with_feedback_not_retried()
    {
        using var client = server.Client(await server.StudentTokenAsync());
        var (_, accepted) = await UploadAsync(client, "ai6126-hw1", Uploads.Answers("answers: [unclosed"));
        var status = await ServerFixture.WaitForStatusAsync(client, accepted!.Id, SubmissionStatus.Graded, SubmissionStatus.Failed);
        Assert.Equal(SubmissionStatus.Graded, status.Status);
        var marks = await client.GetFromJsonAsync<SubmissionMarksDto>(accepted.MarksUrl);
        Assert.All(marks!.Items, m => Assert.Equal(("invalid", 0.0), (m.Status, m.Points)));
        Assert.Contains("could not be read", marks.Items[0].Feedback);
        await using var db = await server.OpenAsync();
        var job = await db.Jobs.SingleAsync(j => j.SubmissionId == accepted.Id);
        Assert.Equal((JobStates.Succeeded, 1), (job.State, job.Attempts));
    }

    [Fact]
    public async Task A_retried_upload_with_the_same_idempotency_key_creates_one_submission()
    {
        using var client = server.Client(await server.StudentTokenAsync());
        var answers = Uploads.Reference("ai6126-hw1");
        var key = Guid.NewGuid().ToString();

        var first = await UploadAsync(client, "ai6126-hw1", Uploads.Answers(answers), key);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => UploadAsync(client, "ai6126-hw1", Uploads.Answers(answers), key)));
        var different = await UploadAsync(client, "ai6126-hw1", Uploads.Answers(answers + "\n# changed"), key);

        Assert.All(concurrent, c => Assert.Equal(first.Body!.Id, c.Body!.Id));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.Response.StatusCode);
        await using var db = await server.OpenAsync();
        Assert.Equal(1, await db.Submissions.CountAsync(s => s.IdempotencyKey == key));
        Assert.Equal(1, await db.Jobs.CountAsync(j => j.SubmissionId == first.Body!.Id));
    }

    [Fact]
    public async Task Uploads_racing_with_one_idempotency_key_keep_one_submission_and_store_no_file_for_the_others()
    {
        using var client = server.Client(await server.StudentTokenAsync());
        var key = Guid.NewGuid().ToString();
        var contents = Enumerable.Range(0, 6).Select(i => Uploads.Reference("ai6126-hw1") + $"\n# racer {i} {key}\n").ToList();

        var results = await Task.WhenAll(contents.Select(c => UploadAsync(client, "ai6126-hw1", Uploads.Answers(c), key)));

        var accepted = Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.Accepted);
        Assert.All(results.Where(r => r != accepted), r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.Response.StatusCode));
        await using var db = await server.OpenAsync();
        Assert.Equal(1, await db.Submissions.CountAsync(s => s.IdempotencyKey == key));
        // A refused upload's answers file commits with its submission or not at all: of the six
        // contents, only the winner's is stored.
        var hashes = contents.Select(c => System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(c))).ToList();
        Assert.Equal(1, await db.FileBlobs.CountAsync(b => hashes.Contains(b.Sha256)));
    }

    [Fact]
    public async Task A_model_upload_leaves_the_model_item_pending_for_a_model_worker()
    {
        using var client = server.Client(await server.StudentTokenAsync("rptu"));
        var upload = Uploads.Answers(Uploads.Reference("rptu-dl-ex2")).WithModel("2.4.cifar10", [8, 1, 18, 4, 1, 2, 3]);

        var (response, accepted) = await UploadAsync(client, "rptu-dl-ex2", upload);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await ServerFixture.WaitForStatusAsync(client, accepted!.Id, SubmissionStatus.PendingModel);
        Assert.Equal(SubmissionStatus.PendingModel, status.Status);
        var marks = await client.GetFromJsonAsync<SubmissionMarksDto>(accepted.MarksUrl);
        Assert.Equal("pending_model", marks!.Items.Single(m => m.ItemId == "2.4.cifar10").Status);
        Assert.True(marks.Pending >= 1);
        await using var db = await server.OpenAsync();
        var gpu = await db.Jobs.SingleAsync(j => j.SubmissionId == accepted.Id && j.Queue == "gpu");
        Assert.Equal((JobStates.Queued, "2.4.cifar10", 0), (gpu.State, gpu.ItemId, gpu.Attempts));
    }

    [Fact]
    public async Task A_model_item_without_an_uploaded_model_is_missing()
    {
        using var client = server.Client(await server.StudentTokenAsync("rptu"));
        var (_, accepted) = await UploadAsync(client, "rptu-dl-ex2", Uploads.Answers(Uploads.Reference("rptu-dl-ex2")));
        await ServerFixture.WaitForStatusAsync(client, accepted!.Id, SubmissionStatus.AwaitingManual);
        var marks = await client.GetFromJsonAsync<SubmissionMarksDto>(accepted.MarksUrl);
        Assert.Equal("missing", marks!.Items.Single(m => m.ItemId == "2.4.cifar10").Status);
    }

    [Fact]
    public async Task A_model_file_input_left_empty_by_a_browser_counts_as_no_model()
    {
        using var client = server.Client(await server.StudentTokenAsync("rptu"));
        var upload = Uploads.Answers(Uploads.Reference("rptu-dl-ex2")).WithEmptyFileInput("model:2.4.cifar10");

        var (response, accepted) = await UploadAsync(client, "rptu-dl-ex2", upload);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await ServerFixture.WaitForStatusAsync(client, accepted!.Id, SubmissionStatus.AwaitingManual);
        var marks = await client.GetFromJsonAsync<SubmissionMarksDto>(accepted.MarksUrl);
        Assert.Equal("missing", marks!.Items.Single(m => m.ItemId == "2.4.cifar10").Status);
        await using var db = await server.OpenAsync();
        Assert.Equal(["answers"], await db.SubmissionFiles.Where(f => f.SubmissionId == accepted.Id).Select(f => f.Role).ToListAsync());
    }

    [Fact]
    public async Task An_answers_input_left_empty_is_missing_and_an_empty_input_of_an_unknown_item_is_still_refused()
    {
        using var client = server.Client(await server.StudentTokenAsync("rptu"));
        var noAnswers = new MultipartFormDataContent().WithEmptyFileInput(UploadParser.AnswersPart);
        var unknown = Uploads.Answers(Uploads.Reference("rptu-dl-ex2")).WithEmptyFileInput("model:9.9.nothing");

        var (missing, _) = await UploadAsync(client, "rptu-dl-ex2", noAnswers);
        var (refused, _) = await UploadAsync(client, "rptu-dl-ex2", unknown);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("The 'answers' part (the answers file) is missing.", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("is not a model item of this assignment", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_file_with_bytes_but_no_name_is_still_refused()
    {
        using var client = server.Client(await server.StudentTokenAsync("rptu"));
        var upload = Uploads.Answers(Uploads.Reference("rptu-dl-ex2"));
        var part = new ByteArrayContent([1, 2, 3]);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        part.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data")
            { Name = "\"model:2.4.cifar10\"", FileName = "\"\"" };
        upload.Add(part);

        var (response, _) = await UploadAsync(client, "rptu-dl-ex2", upload);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Each file needs a name", await response.Content.ReadAsStringAsync());
    }
}
