using Grader.Data.Entities;
using Grader.Data.Files;
using Grader.Data.Queue;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Reliability;

/// <summary>A backlog of submissions of an assignment's model solution, each with its grading job.</summary>
public static class Backlog
{
    /// <summary>
    /// What the upload endpoint's intake writes (submission, answers file, grading job), in
    /// batches of a few hundred per transaction: thousands of separate uploads would cost the
    /// 2-core machine more than the grading under test. Every submission names the same stored
    /// answers file (the store is content-addressed, so identical uploads share one anyway).
    /// Returns the submissions' ids in the order their jobs were queued.
    /// </summary>
    public static async Task<List<Guid>> WriteAsync(PostgresDatabase database, string assignmentId, string courseId, int submissions,
        int students)
    {
        var people = await Task.WhenAll(Enumerable.Range(0, students)
            .Select(i => Seed.StudentAsync(database, courseId, $"backlog-{Guid.NewGuid():N}"[..20])));
        var answers = System.Text.Encoding.UTF8.GetBytes(Uploads.Reference(assignmentId));
        var sha256 = await new FileStore(database.Contexts).PutAsync(answers, CancellationToken.None);
        var queue = new JobQueue(database.Contexts, new QueueOptions());
        Assignment assignment;
        await using (var db = await database.OpenAsync())
            assignment = await db.Assignments.AsNoTracking().SingleAsync(a => a.Id == assignmentId);
        var ids = new List<Guid>();
        foreach (var batch in Enumerable.Range(0, submissions).Chunk(200))
        {
            await using var db = await database.OpenAsync();
            foreach (int n in batch)
            {
                var submission = new Submission
                {
                    Id = Guid.CreateVersion7(),
                    AssignmentId = assignment.Id,
                    RubricVersionId = assignment.CurrentVersionId!.Value,
                    StudentId = people[n % students].PersonId,
                    SubmittedAt = DateTimeOffset.UtcNow,
                    Status = SubmissionStatus.Queued,
                    Files = [new SubmissionFile
                    {
                        Role = FileRoles.Answers, FileName = "answers.yaml", ContentType = "application/yaml", Sha256 = sha256, Size = answers.Length,
                    }],
                };
                db.Submissions.Add(submission);
                queue.Enqueue(db, QueueNames.Cpu, JobKinds.GradeSubmission, submission.Id);
                ids.Add(submission.Id);
            }
            await db.SaveChangesAsync();
        }
        return ids;
    }
}
