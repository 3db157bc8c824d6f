using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Files;
using Grader.Data.Marks;
using Grader.Data.Rubrics;
using Microsoft.EntityFrameworkCore;

namespace Grader.QueueBench;

/// <summary>
/// The peer's job: what our grading handler does for one submission (load it, grade its answers
/// with Grader.Core, write its 16 marks, its status and its grading run in one transaction), with
/// Hangfire keeping the job's state in its own tables and transactions.
/// </summary>
public sealed class HangfireGradingJob(IDbContextFactory<GraderDbContext> contexts, FileStore files, RubricCache rubrics)
{
    public async Task RunAsync(Guid submissionId)
    {
        var started = DateTimeOffset.UtcNow;
        await using var db = await contexts.CreateDbContextAsync();
        var submission = await db.Submissions.Include(s => s.Files).Include(s => s.Student).SingleAsync(s => s.Id == submissionId);
        var results = await StoredSubmissionGrading.GradeAsync(submission, files, rubrics, CancellationToken.None);

        await using var transaction = await db.Database.BeginTransactionAsync();
        var stored = await MarkWriter.LoadAsync(db, [submission.Id], CancellationToken.None);
        var created = new List<Mark>();
        MarkWriter.Upsert(db, submission.Id, results.Select(r => MarkMapping.ToMark(r, submission.RubricVersionId)).ToList(),
            stored[submission.Id], null, created);
        submission.Status = SubmissionStatus.Graded;
        submission.GradedAt = DateTimeOffset.UtcNow;
        db.GradingRuns.Add(new GradingRun
        {
            SubmissionId = submission.Id, Worker = "hangfire", EngineVersion = "grader-core", StartedAt = started,
            FinishedAt = DateTimeOffset.UtcNow, Outcome = "graded",
        });
        await db.SaveChangesAsync();
        await MarkCopy.WriteAsync(db, created, CancellationToken.None);
        await transaction.CommitAsync();
    }
}
