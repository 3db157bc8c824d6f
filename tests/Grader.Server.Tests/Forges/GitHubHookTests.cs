using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grader.Data.Admin;
using Grader.Data.Entities;
using Grader.Data.Queue;
using Grader.Server.Api.Submissions;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Forges;

public sealed class GitHubHookTests(GitHubFixture server) : IClassFixture<GitHubFixture>
{
    private FakeGitHub GitHub => server.GitHub;

    private async Task<(string ExternalId, string Token)> StudentAsync(string course = "ai6126")
    {
        var id = "s" + Guid.NewGuid().ToString("N")[..8];
        var issued = await Seed.StudentAsync(server, course, id);
        return (id, issued.Token);
    }

    /// <summary>A repository linked to a new student, with the reference answers at one commit.</summary>
    private async Task<(string Repo, string Sha, string Token)> LinkedRepoAsync(string assignment = "ai6126-hw1", string? answersPath = "answers.yaml",
        string course = "ai6126")
    {
        var (student, token) = await StudentAsync(course);
        var repo = $"course-org/{assignment}-{student}";
        var sha = GitHubDeliveries.NewSha();
        Assert.Null(await ForgeDirectory.LinkRepositoryAsync(server.Contexts, repo, assignment, student, CancellationToken.None));
        GitHub.AddRepository(repo);
        if (answersPath is not null)
            GitHub.AddFile(repo, sha, answersPath, File.ReadAllBytes(RepositoryFiles.Reference(assignment, "solution.yaml")));
        return (repo, sha, token);
    }

    private async Task<HttpResponseMessage> DeliverAsync(HttpRequestMessage request)
    {
        using var client = server.Client();
        using (request) return await client.SendAsync(request);
    }

    private Task<HttpResponseMessage> PushAsync(string repo, string sha, string? delivery = null, string secret = GitHubFixture.Secret) =>
        DeliverAsync(GitHubDeliveries.Signed("push", GitHubDeliveries.Push(repo, sha), secret, delivery));

    private async Task<RecordedCall> WaitForStatusAsync(string repo, string sha, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (true)
        {
            var call = GitHub.CallsTo($"/repos/{repo}/statuses/{sha}").LastOrDefault(c => c.Json.GetProperty("state").GetString() == state);
            if (call is not null) return call;
            Assert.True(DateTime.UtcNow < deadline, $"no '{state}' status on {repo}@{sha}; calls: "
                + string.Join("; ", GitHub.Calls.Where(c => c.Path.Contains(repo)).Select(c => $"{c.Method} {c.Path} {c.Body}"))
                + "; log: " + string.Join("\n", server.Logs.Lines.TakeLast(5)));
            await Task.Delay(100);
        }
    }

    private static string Number(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_ping_signed_with_the_course_secret_is_answered()
    {
        var response = await DeliverAsync(GitHubDeliveries.Signed("ping", GitHubDeliveries.Ping("course-org/hw1-template"), GitHubFixture.Secret));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("pong", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_good_push_is_graded_and_its_total_posted_on_that_commit()
    {
        var (repo, sha, token) = await LinkedRepoAsync();

        var response = await PushAsync(repo, sha);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await WaitForStatusAsync(repo, sha, "success");
        Assert.Equal("POST", status.Method);
        Assert.Equal($"Bearer {GitHubFixture.Token}", status.Authorization);
        Assert.Equal("grader/ai6126-hw1", status.Json.GetProperty("context").GetString());
        await using var db = await server.OpenAsync();
        var push = await db.ForgePushes.SingleAsync(p => p.CommitSha == sha);
        Assert.Equal(ForgePushStates.Submitted, push.State);
        var targetUrl = status.Json.GetProperty("target_url").GetString()!;
        Assert.Equal($"https://grader.example.org/api/v1/submissions/{push.SubmissionId}/marks", targetUrl);

        using var student = server.Client(token);
        var marks = await student.GetFromJsonAsync<SubmissionMarksDto>($"/api/v1/submissions/{push.SubmissionId}/marks");
        Assert.Equal(SubmissionStatus.AwaitingManual, marks!.Status); // graded; the text items wait for a TA
        var description = status.Json.GetProperty("description").GetString()!;
        Assert.StartsWith($"Total {Number(marks.Total)}/{Number(marks.MaxTotal)} | {marks.Items[0].ItemId} ", description);
        Assert.True(description.Length <= 140);
        // The contents API was asked for the answers file at exactly that commit, as raw bytes.
        var fetch = Assert.Single(GitHub.CallsTo($"/repos/{repo}/contents/answers.yaml"));
        Assert.Equal($"?ref={sha}", fetch.Query);
        Assert.Equal("application/vnd.github.raw", fetch.Accept);
    }

    [Fact]
    public async Task A_classroom_repository_is_matched_by_the_assignment_pattern_and_the_students_login()
    {
        var (student, _) = await StudentAsync();
        var login = "Login-" + student;
        Assert.Null(await ForgeDirectory.SetAccountAsync(server.Contexts, "ai6126", student, login, CancellationToken.None));
        var repo = $"classroom-org/hw1-{login.ToLowerInvariant()}";
        var sha = GitHubDeliveries.NewSha();
        GitHub.AddFile(repo, sha, "answers.yaml", File.ReadAllBytes(RepositoryFiles.Reference("ai6126-hw1", "solution.yaml")));

        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(repo, sha)).StatusCode);

        await WaitForStatusAsync(repo, sha, "success");
        await using var db = await server.OpenAsync();
        var push = await db.ForgePushes.SingleAsync(p => p.CommitSha == sha);
        Assert.Equal(student, (await db.Students.SingleAsync(s => s.Id == push.StudentId)).ExternalId);
    }

    [Fact]
    public async Task A_student_links_a_repository_they_own_and_its_pushes_are_graded_as_theirs()
    {
        var (student, token) = await StudentAsync();
        var login = "own-" + student;
        Assert.Null(await ForgeDirectory.SetAccountAsync(server.Contexts, "ai6126", student, login, CancellationToken.None));
        using var client = server.Client(token);

        var own = await client.PutAsJsonAsync("/api/v1/assignments/ai6126-hw1/repository", new { repository = $"{login}/Deep-Learning-HW1" });
        var others = await client.PutAsJsonAsync("/api/v1/assignments/ai6126-hw1/repository", new { repository = "someone-else/hw1" });

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, others.StatusCode);
        var repo = $"{login}/deep-learning-hw1";
        var sha = GitHubDeliveries.NewSha();
        GitHub.AddFile(repo, sha, "answers.yaml", File.ReadAllBytes(RepositoryFiles.Reference("ai6126-hw1", "solution.yaml")));
        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(repo, sha)).StatusCode);
        await WaitForStatusAsync(repo, sha, "success");
    }

    [Theory]
    [InlineData("wrong-secret-0123456789abcdef")]
    [InlineData(null)]
    public async Task A_bad_or_missing_signature_is_refused_before_any_work(string? secret)
    {
        var (repo, sha, _) = await LinkedRepoAsync();
        int callsBefore = GitHub.Calls.Count;

        var response = await DeliverAsync(GitHubDeliveries.Signed("push", GitHubDeliveries.Push(repo, sha), secret));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Task.Delay(500);
        Assert.Equal(callsBefore, GitHub.Calls.Count);
        await using var db = await server.OpenAsync();
        Assert.False(await db.ForgePushes.AnyAsync(p => p.CommitSha == sha));
    }

    [Fact]
    public async Task A_body_altered_after_signing_is_refused()
    {
        var (repo, sha, _) = await LinkedRepoAsync();
        var request = GitHubDeliveries.Signed("push", GitHubDeliveries.Push(repo, sha), GitHubFixture.Secret);
        var body = await request.Content!.ReadAsByteArrayAsync();
        body[^2] = (byte)' ';
        request.Content = new ByteArrayContent(body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DeliverAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_push_of_an_unknown_repository_is_ignored_with_a_log_line()
    {
        var sha = GitHubDeliveries.NewSha();
        var response = await PushAsync("somebody/unrelated-repo", sha);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ignored", await response.Content.ReadAsStringAsync());
        Assert.Contains(server.Logs.Lines, l => l.Contains("somebody/unrelated-repo") && l.Contains("ignored"));
        await using var db = await server.OpenAsync();
        Assert.False(await db.ForgePushes.AnyAsync(p => p.CommitSha == sha));
    }

    [Fact]
    public async Task A_push_to_another_branch_is_ignored()
    {
        var (repo, sha, _) = await LinkedRepoAsync();
        var response = await DeliverAsync(GitHubDeliveries.Signed("push", GitHubDeliveries.Push(repo, sha, "experiments"), GitHubFixture.Secret));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await server.OpenAsync();
        Assert.False(await db.ForgePushes.AnyAsync(p => p.CommitSha == sha));
    }

    [Fact]
    public async Task A_redelivery_or_the_same_commit_again_creates_nothing_new()
    {
        var (repo, sha, _) = await LinkedRepoAsync();
        var delivery = Guid.NewGuid().ToString();

        var first = await PushAsync(repo, sha, delivery);
        var again = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PushAsync(repo, sha, delivery)));
        var sameCommit = await PushAsync(repo, sha);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.All(again.Append(sameCommit), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Contains("duplicate", await sameCommit.Content.ReadAsStringAsync());
        await WaitForStatusAsync(repo, sha, "success");
        await using var db = await server.OpenAsync();
        var push = await db.ForgePushes.SingleAsync(p => p.CommitSha == sha);
        Assert.Equal(1, await db.Submissions.CountAsync(s => s.IdempotencyKey!.EndsWith(sha)));
        Assert.Equal(1, await db.Jobs.CountAsync(j => j.Kind == JobKinds.FetchCommit && j.ItemId == push.Id.ToString()));
    }

    [Fact]
    public async Task A_commit_without_the_answers_file_is_reported_as_a_failure_with_the_reason()
    {
        var (repo, sha, _) = await LinkedRepoAsync(answersPath: null);

        await PushAsync(repo, sha);

        var status = await WaitForStatusAsync(repo, sha, "failure");
        Assert.Contains("answers.yaml is not in this commit", status.Json.GetProperty("description").GetString());
        await using var db = await server.OpenAsync();
        var push = await db.ForgePushes.SingleAsync(p => p.CommitSha == sha);
        Assert.Equal((ForgePushStates.Rejected, (Guid?)null), (push.State, push.SubmissionId));
    }

    [Fact]
    public async Task An_oversized_model_is_refused_while_streaming_and_reported_and_the_app_token_is_used()
    {
        var (repo, sha, _) = await LinkedRepoAsync("rptu-dl-ex2", "submission/answers.yaml", "rptu");
        GitHub.AddFile(repo, sha, "submission/cifar10.onnx", new byte[server.ForgeOptions.ModelBytes + 1]);

        await PushAsync(repo, sha, secret: GitHubFixture.RptuSecret);

        var status = await WaitForStatusAsync(repo, sha, "failure");
        Assert.Contains("submission/cifar10.onnx", status.Json.GetProperty("description").GetString());
        Assert.Contains("larger than 64 KiB", status.Json.GetProperty("description").GetString());
        // Authenticated as the App: the installation token, got with a JWT signed by the App's key.
        Assert.Equal($"Bearer {GitHub.InstallationToken}", status.Authorization);
        var tokenCall = GitHub.CallsTo($"/app/installations/{GitHubFixture.InstallationId}/access_tokens").First();
        var jwt = tokenCall.Authorization!["Bearer ".Length..].Split('.');
        Assert.True(server.AppKey.VerifyData(Encoding.ASCII.GetBytes(jwt[0] + "." + jwt[1]), Base64Url(jwt[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var claims = JsonDocument.Parse(Base64Url(jwt[1])).RootElement;
        Assert.Equal(GitHubFixture.AppId.ToString(), claims.GetProperty("iss").GetString());
        Assert.True(claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64() <= 600);
    }

    [Fact]
    public async Task A_file_over_the_limit_by_its_tree_entry_is_refused_without_downloading_a_byte_of_it()
    {
        var (repo, sha, _) = await LinkedRepoAsync("rptu-dl-ex2", "submission/answers.yaml", "rptu");
        GitHub.AddFile(repo, sha, "submission/cifar10.onnx", new byte[server.ForgeOptions.ModelBytes * 4]);

        await PushAsync(repo, sha, secret: GitHubFixture.RptuSecret);

        var status = await WaitForStatusAsync(repo, sha, "failure");
        Assert.Contains("larger than 64 KiB", status.Json.GetProperty("description").GetString());
        Assert.Empty(GitHub.CallsTo($"/repos/{repo}/contents/submission/cifar10.onnx"));
        Assert.NotEmpty(GitHub.CallsTo($"/repos/{repo}/git/trees/"));
    }

    [Fact]
    public async Task A_file_larger_than_its_tree_entry_claims_is_cut_off_while_streaming()
    {
        var (repo, sha, _) = await LinkedRepoAsync("rptu-dl-ex2", "submission/answers.yaml", "rptu");
        GitHub.AddFile(repo, sha, "submission/cifar10.onnx", new byte[server.ForgeOptions.ModelBytes + 1], reportedSize: 100);

        await PushAsync(repo, sha, secret: GitHubFixture.RptuSecret);

        var status = await WaitForStatusAsync(repo, sha, "failure");
        Assert.Contains("larger than 64 KiB", status.Json.GetProperty("description").GetString());
        Assert.Single(GitHub.CallsTo($"/repos/{repo}/contents/submission/cifar10.onnx"));
    }

    [Fact]
    public async Task A_secondary_rate_limit_is_waited_out_for_as_long_as_retry_after_says()
    {
        var (repo, sha, _) = await LinkedRepoAsync();
        GitHub.FailNext($"/repos/{repo}/contents/", 403, new() { ["Retry-After"] = "2" },
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.");

        await PushAsync(repo, sha);

        await AssertFetchedAgainAfterTwoSecondsWithoutAFailedAttemptAsync(repo, sha);
        Assert.Contains(server.Logs.Lines, l => l.Contains("deferred") && l.Contains("secondary rate limit"));
    }

    [Fact]
    public async Task A_pushed_model_is_evaluated_and_the_final_status_follows_the_last_model_mark()
    {
        var (repo, sha, token) = await LinkedRepoAsync("rptu-dl-ex2", "submission/answers.yaml", "rptu");
        GitHub.AddFile(repo, sha, "submission/cifar10.onnx", [90, 1, 2]);

        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(repo, sha, secret: GitHubFixture.RptuSecret)).StatusCode);

        var final = await WaitForStatusAsync(repo, sha, "success");
        await using var db = await server.OpenAsync();
        var push = await db.ForgePushes.SingleAsync(p => p.CommitSha == sha);
        using var student = server.Client(token);
        var marks = await student.GetFromJsonAsync<SubmissionMarksDto>($"/api/v1/submissions/{push.SubmissionId}/marks");
        var model = marks!.Items.Single(m => m.ItemId == "2.4.cifar10");
        Assert.True(model.Points > 0, model.Feedback);
        Assert.StartsWith($"Total {Number(marks.Total)}/{Number(marks.MaxTotal)}", final.Json.GetProperty("description").GetString());
        // The last status on the commit is the final one, whatever order the report jobs ran in.
        Assert.Equal("success", GitHub.CallsTo($"/repos/{repo}/statuses/{sha}").Last().Json.GetProperty("state").GetString());
        // The App's installation token is cached: one token request for all of this class's calls.
        Assert.Single(GitHub.CallsTo("/access_tokens"));
    }

    private static byte[] Base64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    [Fact]
    public async Task An_api_500_is_retried_through_the_queue_and_then_succeeds()
    {
        var (repo, sha, _) = await LinkedRepoAsync();
        GitHub.FailNext($"/repos/{repo}/contents/", 500);

        await PushAsync(repo, sha);

        await WaitForStatusAsync(repo, sha, "success");
        Assert.Equal(2, GitHub.CallsTo($"/repos/{repo}/contents/answers.yaml").Count);
        await using var db = await server.OpenAsync();
        var push = await db.ForgePushes.SingleAsync(p => p.CommitSha == sha);
        var job = await db.Jobs.SingleAsync(j => j.Kind == JobKinds.FetchCommit && j.ItemId == push.Id.ToString());
        Assert.Equal((JobStates.Succeeded, 2), (job.State, job.Attempts));
        Assert.Contains("500", job.LastError);
    }

    [Fact]
    public async Task A_rate_limit_is_waited_out_as_github_asks()
    {
        var (repo, sha, _) = await LinkedRepoAsync();
        GitHub.FailNext($"/repos/{repo}/contents/", 403, new()
        {
            ["Retry-After"] = "2",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds().ToString(),
        });

        await PushAsync(repo, sha);

        await AssertFetchedAgainAfterTwoSecondsWithoutAFailedAttemptAsync(repo, sha);
    }

    /// <summary>The commit is graded; its answers were fetched twice, 2 s apart; waiting as told is not a failed attempt.</summary>
    private async Task AssertFetchedAgainAfterTwoSecondsWithoutAFailedAttemptAsync(string repo, string sha)
    {
        await WaitForStatusAsync(repo, sha, "success");
        var fetches = GitHub.CallsTo($"/repos/{repo}/contents/answers.yaml");
        Assert.Equal(2, fetches.Count);
        Assert.True(fetches[1].At - fetches[0].At >= TimeSpan.FromSeconds(1.9), $"retried after {fetches[1].At - fetches[0].At}");
        await using var db = await server.OpenAsync();
        var push = await db.ForgePushes.SingleAsync(p => p.CommitSha == sha);
        var job = await db.Jobs.SingleAsync(j => j.Kind == JobKinds.FetchCommit && j.ItemId == push.Id.ToString());
        Assert.Equal((JobStates.Succeeded, 1), (job.State, job.Attempts));
    }

    [Fact]
    public async Task A_repository_that_is_gone_ends_as_a_visible_dead_job()
    {
        var (student, _) = await StudentAsync();
        var repo = $"course-org/deleted-{student}";
        var sha = GitHubDeliveries.NewSha();
        Assert.Null(await ForgeDirectory.LinkRepositoryAsync(server.Contexts, repo, "ai6126-hw1", student, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(repo, sha)).StatusCode);

        await using var db = await server.OpenAsync();
        var push = await db.ForgePushes.SingleAsync(p => p.CommitSha == sha);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Job job;
        do
        {
            await Task.Delay(100);
            job = await db.Jobs.AsNoTracking().SingleAsync(j => j.Kind == JobKinds.FetchCommit && j.ItemId == push.Id.ToString());
        } while (job.State != JobStates.Dead && DateTime.UtcNow < deadline);
        Assert.Equal((JobStates.Dead, 1), (job.State, job.Attempts));
        Assert.Contains("gone or not accessible", job.LastError);
        var failed = await db.ForgePushes.AsNoTracking().SingleAsync(p => p.Id == push.Id);
        Assert.Equal(ForgePushStates.Failed, failed.State);
    }
}
