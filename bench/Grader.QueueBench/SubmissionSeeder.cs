using System.Text;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Files;
using Grader.Data.Migrations;
using Grader.Data.Queue;
using Grader.ServiceBench;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Grader.QueueBench;

/// <summary>
/// A fresh database's course and backlog: the schema, the ai6126-hw1 rubric, 100 students and
/// <c>count</c> queued submissions of the model solution (each answers file made unique, as real
/// uploads are). With <c>withJobs</c> each submission gets its grading job in the same
/// transaction, as an upload does with our queue; without, the peer enqueues its own jobs.
/// </summary>
public static class SubmissionSeeder
{
    private const int Students = 100;

    public static async Task<List<Guid>> SeedAsync(string connectionString, BenchCourse course, int count, bool withJobs)
    {
        await using var dataSource = GraderDataSource.Create(connectionString);
        var contexts = DataServices.CreateFactory(dataSource);
        await using (var db = await contexts.CreateDbContextAsync())
            await MigrationRunner.MigrateAsync(db, CancellationToken.None);
        await course.SetUpAsync(contexts, Students);

        await using var context = await contexts.CreateDbContextAsync();
        var version = await context.Assignments.Where(a => a.Id == BenchCourse.Assignment).Select(a => a.CurrentVersionId!.Value).SingleAsync();
        var students = await context.Students.Where(s => s.CourseId == BenchCourse.Course).Select(s => s.Id).ToListAsync();
        var queue = new JobQueue(contexts, new QueueOptions());
        var ids = new List<Guid>(count);
        for (int start = 0; start < count; start += 500)
        {
            await using var db = await contexts.CreateDbContextAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (int i = start; i < Math.Min(count, start + 500); i++)
            {
                var answers = Encoding.UTF8.GetBytes(course.Answers + $"\n# submission {i}\n");
                var submission = new Submission
                {
                    Id = Guid.CreateVersion7(),
                    AssignmentId = BenchCourse.Assignment,
                    RubricVersionId = version,
                    StudentId = students[i % students.Count],
                    SubmittedAt = DateTimeOffset.UtcNow,
                    Status = SubmissionStatus.Queued,
                    Files =
                    [
                        new SubmissionFile
                        {
                            Role = FileRoles.Answers, FileName = "answers.yaml", ContentType = "application/yaml",
                            Sha256 = await FileStore.PutAsync(db, answers, CancellationToken.None), Size = answers.Length,
                        },
                    ],
                };
                db.Submissions.Add(submission);
                if (withJobs) queue.Enqueue(db, QueueNames.Cpu, JobKinds.GradeSubmission, submission.Id);
                ids.Add(submission.Id);
            }
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        return ids;
    }
}
