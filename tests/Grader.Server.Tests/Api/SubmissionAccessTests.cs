using System.Net;
using System.Net.Http.Json;
using Grader.Server.Api.Submissions;

namespace Grader.Server.Tests.Api;

public sealed class SubmissionAccessTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>();
        Assert.Equal((int)expected, problem!.Status);
    }

    private sealed record ProblemBody(int Status, string? Title, string? Detail);

    private Task<HttpResponseMessage> Upload(HttpClient client, string assignment = "ai6126-hw1", HttpContent? content = null) =>
        client.PostAsync($"/api/v1/assignments/{assignment}/submissions", content ?? Uploads.Answers(Uploads.Reference("ai6126-hw1")));

    [Fact]
    public async Task Without_a_token_the_api_answers_401()
    {
        using var client = server.Client();
        var response = await Upload(client);
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task An_unknown_token_is_refused_with_401()
    {
        using var client = server.Client("grd_not-a-real-token");
        await AssertProblemAsync(await client.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_student_cannot_see_another_students_submission()
    {
        using var alice = server.Client(await server.StudentTokenAsync());
        using var bob = server.Client(await server.StudentTokenAsync());
        var accepted = await (await Upload(alice)).Content.ReadFromJsonAsync<SubmissionAccepted>();

        await AssertProblemAsync(await bob.GetAsync(accepted!.StatusUrl), HttpStatusCode.NotFound);
        await AssertProblemAsync(await bob.GetAsync(accepted.MarksUrl), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(accepted.StatusUrl)).StatusCode);
    }

    [Fact]
    public async Task A_student_of_another_course_cannot_submit_403()
    {
        using var other = server.Client(await server.StudentTokenAsync("rptu"));
        await AssertProblemAsync(await Upload(other, "ai6126-hw1"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_unknown_assignment_is_404()
    {
        using var client = server.Client(await server.StudentTokenAsync());
        await AssertProblemAsync(await Upload(client, "no-such-assignment"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_oversized_answers_file_is_refused_with_413()
    {
        using var client = server.Client(await server.StudentTokenAsync());
        var big = "# " + new string('x', (int)server.Limits.AnswersBytes) + "\n";
        await AssertProblemAsync(await Upload(client, content: Uploads.Answers(big)), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task An_oversized_model_file_is_refused_with_413()
    {
        using var client = server.Client(await server.StudentTokenAsync("rptu"));
        var content = Uploads.Answers("answers: {}").WithModel("2.4.cifar10", new byte[server.Limits.ModelBytes + 1]);
        await AssertProblemAsync(await Upload(client, "rptu-dl-ex2", content), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_malformed_multipart_body_is_400()
    {
        using var client = server.Client(await server.StudentTokenAsync());
        var body = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"answers\"; filename=\"a.yaml\"\r\n\r\nq1: 1\r\n--xy");
        body.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        await AssertProblemAsync(await Upload(client, content: body), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_415()
    {
        using var client = server.Client(await server.StudentTokenAsync());
        await AssertProblemAsync(await Upload(client, content: JsonContent.Create(new { answers = 1 })), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_answers_file_of_the_wrong_content_type_is_415()
    {
        using var client = server.Client(await server.StudentTokenAsync());
        await AssertProblemAsync(await Upload(client, content: Uploads.Answers("q1: 1", contentType: "image/png")), HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("folder/answers.yaml")]
    [InlineData("..\\answers.yaml")]
    public async Task A_path_like_file_name_is_400(string fileName)
    {
        using var client = server.Client(await server.StudentTokenAsync());
        await AssertProblemAsync(await Upload(client, content: Uploads.Answers("q1: 1", fileName)), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_model_for_an_item_that_is_not_a_model_item_is_400()
    {
        using var client = server.Client(await server.StudentTokenAsync());
        var content = Uploads.Answers("q1: 1").WithModel("q1.total", [1, 2, 3]);
        await AssertProblemAsync(await Upload(client, content: content), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_upload_without_an_answers_part_is_400()
    {
        using var client = server.Client(await server.StudentTokenAsync("rptu"));
        var content = new MultipartFormDataContent().WithModel("2.4.cifar10", [1]);
        await AssertProblemAsync(await Upload(client, "rptu-dl-ex2", content), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Health_and_readiness_answer_200()
    {
        using var client = server.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var ready = await client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"ready\"", await ready.Content.ReadAsStringAsync());
    }
}
