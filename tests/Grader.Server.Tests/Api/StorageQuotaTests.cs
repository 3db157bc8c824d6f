using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Grader.Data.Admin;
using Grader.Data.Files;
using Grader.Server.Api.Submissions;
using Grader.Server.Hosting;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Api;

/// <summary>Models up to 4 MiB, so that uploads take the chunked, streamed path.</summary>
public sealed class LargeUploadServer : ServerFixture
{
    protected override UploadLimits UploadLimits => new() { AnswersBytes = 256 << 10, ModelBytes = 4 << 20 };
}

public sealed class StorageQuotaTests(LargeUploadServer server) : IClassFixture<LargeUploadServer>
{
    private const string Model = "2.4.cifar10";

    private static MultipartFormDataContent Upload(byte[] model) =>
        Uploads.Answers(Uploads.Reference("rptu-dl-ex2")).WithModel(Model, model);

    private sealed record Problem(int Status, string Detail, long UsedBytes, long QuotaBytes, long UploadBytes);

    [Fact]
    public async Task A_model_is_streamed_into_chunks_and_the_students_quota_refuses_new_bytes_with_413_and_the_numbers()
    {
        await CourseSettings.SetQuotasAsync(server.Contexts, "rptu", perStudent: 5 << 20, perCourse: null, CancellationToken.None);
        using var client = server.Client(await server.StudentTokenAsync("rptu"));
        var first = RandomNumberGenerator.GetBytes(3 << 20);
        var second = RandomNumberGenerator.GetBytes(3 << 20);

        var accepted = await client.PostAsync("/api/v1/assignments/rptu-dl-ex2/submissions", Upload(first));
        var again = await client.PostAsync("/api/v1/assignments/rptu-dl-ex2/submissions", Upload(first));
        var refused = await client.PostAsync("/api/v1/assignments/rptu-dl-ex2/submissions", Upload(second));

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode); // the same model again costs nothing
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        var problem = JsonSerializer.Deserialize<Problem>(await refused.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        Assert.Equal(5L << 20, problem.QuotaBytes);
        Assert.Equal(3L << 20, problem.UploadBytes);
        Assert.InRange(problem.UsedBytes, 3L << 20, (3L << 20) + (64 << 10));
        Assert.Contains("of your 5 MiB", problem.Detail);

        var files = new FileStore(server.Contexts);
        Assert.Equal(first, await files.GetAsync(SHA256.HashData(first), CancellationToken.None));
        Assert.Null(await files.GetAsync(SHA256.HashData(second), CancellationToken.None)); // the refused upload left nothing
    }

    [Fact]
    public async Task A_full_course_refuses_uploads_with_507_and_the_numbers()
    {
        long used;
        await using (var db = await server.OpenAsync())
            used = await db.Courses.Where(c => c.Id == "ai6126").Select(c => c.StoredBytes).SingleAsync();
        await CourseSettings.SetQuotasAsync(server.Contexts, "ai6126", perStudent: null, perCourse: used + 10, CancellationToken.None);
        using var client = server.Client(await server.StudentTokenAsync("ai6126"));

        var refused = await client.PostAsync("/api/v1/assignments/ai6126-hw1/submissions",
            Uploads.Answers(Uploads.Reference("ai6126-hw1") + "\n# " + Guid.NewGuid()));
        await CourseSettings.SetQuotasAsync(server.Contexts, "ai6126", perStudent: null, perCourse: 100L << 30, CancellationToken.None);

        Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
        var problem = JsonSerializer.Deserialize<Problem>(await refused.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        Assert.Equal((used, used + 10), (problem.UsedBytes, problem.QuotaBytes));
        Assert.Contains("The course's submissions use", problem.Detail);
    }

    [Fact]
    public async Task The_same_idempotency_key_for_two_assignments_makes_two_submissions_each_replayed_on_its_own()
    {
        await Seed.RubricAsync(server, "en4553-a2", "ai6126");
        using var client = server.Client(await server.StudentTokenAsync("ai6126"));
        async Task<(HttpStatusCode, Guid)> SendAsync(string assignment)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/assignments/{assignment}/submissions")
                { Content = Uploads.Answers(Uploads.Reference("ai6126-hw1")) };
            request.Headers.Add(SubmissionUploads.IdempotencyHeader, "homework-upload-1");
            var response = await client.SendAsync(request);
            return (response.StatusCode, response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<SubmissionAccepted>())!.Id : Guid.Empty);
        }

        var hw1 = await SendAsync("ai6126-hw1");
        var a2 = await SendAsync("en4553-a2");
        var hw1Again = await SendAsync("ai6126-hw1");
        var a2Again = await SendAsync("en4553-a2");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (hw1.Item1, a2.Item1));
        Assert.NotEqual(hw1.Item2, a2.Item2);
        Assert.Equal(hw1.Item2, hw1Again.Item2);
        Assert.Equal(a2.Item2, a2Again.Item2);
        await using var db = await server.OpenAsync();
        Assert.Equal(["ai6126-hw1", "en4553-a2"], await db.Submissions.Where(s => s.Id == hw1.Item2 || s.Id == a2.Item2)
            .OrderBy(s => s.AssignmentId).Select(s => s.AssignmentId).ToListAsync());
    }
}
