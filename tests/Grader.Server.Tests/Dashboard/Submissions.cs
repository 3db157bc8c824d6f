using System.Net;
using System.Net.Http.Json;
using Grader.Data.Entities;
using Grader.Server.Api.Submissions;

namespace Grader.Server.Tests.Dashboard;

/// <summary>Graded submissions for page tests, uploaded through the API as a student would.</summary>
public static class Submissions
{
    /// <summary>Uploads <paramref name="answers"/> as the student of <paramref name="token"/> and waits until it is graded.</summary>
    /// <summary>
    /// Uploads <paramref name="answers"/> as the student of <paramref name="token"/> and waits until automatic grading is
    /// done: the status the student then sees is <paramref name="expected"/> (awaiting_manual where text items wait for a TA).
    /// </summary>
    public static async Task<Guid> GradedAsync(ServerFixture server, string token, string answers, string assignment = "ai6126-hw1",
        string? expected = null)
    {
        using var client = server.Client(token);
        var response = await client.PostAsync($"/api/v1/assignments/{assignment}/submissions", Uploads.Answers(answers));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<SubmissionAccepted>())!;
        var status = await ServerFixture.WaitForStatusAsync(client, accepted.Id, SubmissionStatus.Graded, SubmissionStatus.Failed,
            SubmissionStatus.AwaitingManual, SubmissionStatus.AwaitingRelease);
        if (expected is null) Assert.NotEqual(SubmissionStatus.Failed, status.Status);
        else Assert.Equal(expected, status.Status);
        return accepted.Id;
    }

    /// <summary>A new student of <paramref name="course"/> who submits <paramref name="answers"/>, graded.</summary>
    public static async Task<Guid> NewStudentGradedAsync(ServerFixture server, string answers, string course = "ai6126",
        string assignment = "ai6126-hw1") =>
        await GradedAsync(server, await server.StudentTokenAsync(course), answers, assignment);

    /// <summary>The part of a page inside the element with this id (up to its section's end).</summary>
    public static string Section(string html, string id)
    {
        int start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no element with id {id}");
        int end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..(end < 0 ? html.Length : end)];
    }
}
