using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Grader.Data.Admin;
using Grader.Data.Entities;
using Grader.Server.Api.Submissions;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Grader.Server.Tests.Reliability;

public sealed class StudentIsolationTests(ServerFixture server, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    private const int Students = 16;
    private const int UploadsEach = 2;
    private const string Assignment = "ai6126-hw1";

    private sealed record Upload(Guid Id, int Student, string Answers);

    [Fact]
    public async Task Students_uploading_at_once_each_see_only_their_own_submissions_and_marks_and_other_courses_staff_see_none()
    {
        var clock = Stopwatch.StartNew();
        var tokens = await Task.WhenAll(Enumerable.Range(0, Students).Select(_ => server.StudentTokenAsync()));
        var clients = tokens.Select(t => server.Client(t)).ToList();
        using var ownStaff = server.Client(await StaffTokenAsync("ai6126"));
        using var otherStaff = server.Client(await StaffTokenAsync("rptu"));
        using var otherStudent = server.Client(await server.StudentTokenAsync("rptu"));
        var failures = new ConcurrentQueue<string>();
        try
        {
            // Half the students hand in a wrong answer, so their marks differ from the others':
            // marks that crossed from one student's submission to another's would show.
            var answersOf = new[] { Uploads.Reference(Assignment), Uploads.Reference(Assignment, "wrong-no-bias.yaml") };
            // Auto-graded totals by reference/ai6126-hw1/cases.yaml: 20 points less the 5 of text
            // items awaiting a TA; the no-bias answers lose the five layer counts (1 point each).
            var expectedTotal = new Dictionary<string, double> { [answersOf[0]] = 15, [answersOf[1]] = 10 };

            var uploads = await Task.WhenAll(Enumerable.Range(0, Students * UploadsEach).Select(async n =>
            {
                int student = n % Students;
                var answers = answersOf[student % 2];
                var response = await clients[student].PostAsync($"/api/v1/assignments/{Assignment}/submissions", Uploads.Answers(answers + $"\n# {n}\n"));
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                return new Upload((await response.Content.ReadFromJsonAsync<SubmissionAccepted>())!.Id, student, answers);
            }));
            bool graded = await Grading.WaitUntilAsync(server,
                async db => await db.Submissions.CountAsync(s => s.Status != SubmissionStatus.Graded) == 0, TimeSpan.FromSeconds(60));
            Assert.True(graded, "not every submission was graded");

            // Every reader asks for every submission, all at once.
            using var inFlight = new SemaphoreSlim(16);
            var readers = Enumerable.Range(0, Students)
                .Select(s => (Name: $"student {s}", Client: clients[s], Sees: (Func<Upload, bool>)(u => u.Student == s)))
                .Append(("staff of the course", ownStaff, _ => true))
                .Append(("staff of another course", otherStaff, _ => false))
                .Append(("student of another course", otherStudent, _ => false));
            await Task.WhenAll(readers.SelectMany(reader => uploads.Select(async upload =>
            {
                await inFlight.WaitAsync();
                try { await ReadAsync(reader.Name, reader.Client, upload, reader.Sees(upload), expectedTotal[upload.Answers], failures); }
                finally { inFlight.Release(); }
            })));

            // Nobody outside the course may upload to it, staff of another course included.
            var refused = await Task.WhenAll(new[] { otherStaff, otherStudent, ownStaff }.Select(c =>
                c.PostAsync($"/api/v1/assignments/{Assignment}/submissions", Uploads.Answers(answersOf[0]))));
            Assert.All(refused, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
            output.WriteLine($"{uploads.Length} uploads, {(Students + 3) * uploads.Length * 2} reads in {clock.Elapsed.TotalSeconds:F1} s");
            Assert.Empty(failures);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    private static async Task ReadAsync(string reader, HttpClient client, Upload upload, bool sees, double expectedTotal,
        ConcurrentQueue<string> failures)
    {
        using var status = await client.GetAsync($"/api/v1/submissions/{upload.Id}");
        using var marks = await client.GetAsync($"/api/v1/submissions/{upload.Id}/marks");
        if (!sees)
        {
            // "Not found", never "forbidden": a 403 would tell that the submission exists.
            if (status.StatusCode != HttpStatusCode.NotFound || marks.StatusCode != HttpStatusCode.NotFound)
                failures.Enqueue($"{reader} read student {upload.Student}'s {upload.Id}: {(int)status.StatusCode} / {(int)marks.StatusCode}");
            return;
        }
        if (status.StatusCode != HttpStatusCode.OK || marks.StatusCode != HttpStatusCode.OK)
        {
            failures.Enqueue($"{reader} could not read {upload.Id}: {(int)status.StatusCode} / {(int)marks.StatusCode}");
            return;
        }
        var statusBody = await status.Content.ReadFromJsonAsync<SubmissionStatusDto>();
        var marksBody = await marks.Content.ReadFromJsonAsync<SubmissionMarksDto>();
        if (statusBody!.Id != upload.Id || marksBody!.SubmissionId != upload.Id)
            failures.Enqueue($"{reader} asked for {upload.Id} and got {statusBody.Id} / {marksBody!.SubmissionId}");
        else if (Math.Abs(marksBody.Total - expectedTotal) > 1e-6)
            failures.Enqueue($"{reader}: {upload.Id} of student {upload.Student} has total {marksBody.Total}, its answers earn {expectedTotal}");
    }

    private Task<string> StaffTokenAsync(string course) => SeedStaff.TokenAsync(server, course);
}
