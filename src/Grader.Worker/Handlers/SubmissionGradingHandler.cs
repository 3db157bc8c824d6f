using Grader.Core.Checking;
using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Files;
using Grader.Data.Marks;
using Grader.Data.Queue;
using Grader.Data.Rubrics;
using Microsoft.EntityFrameworkCore;

namespace Grader.Worker.Handlers;

/// <summary>
/// cpu queue: grades a submission's answers file with the rubric version stored with it. Model
/// items with an uploaded model get a pending mark and one gpu job each; all marks, the grading
/// run, the new status and those jobs commit together with the job's completion. A job of a rubric
/// re-run passes its re-run on to the marks it changes (audited) and to its model jobs. With a
/// backlog, a worker hands over several jobs at once: they are loaded, stored and completed with
/// one query or statement each for the whole batch.
/// </summary>
public sealed class SubmissionGradingHandler(
    IDbContextFactory<GraderDbContext> contexts, FileStore files, RubricCache rubrics, JobQueue queue,
    WorkerSettings settings, IEnumerable<ISubmissionSettledHook> settledHooks) : IBatchJobHandler
{
    public static readonly string EngineVersion = "grader-core/" + typeof(SubmissionGrader).Assembly.GetName().Version;

    public string Kind => JobKinds.GradeSubmission;

    public Task<bool> HandleAsync(ClaimedJob job, CancellationToken cancellationToken) => HandleBatchAsync([job], cancellationToken);

    public async Task<bool> HandleBatchAsync(IReadOnlyList<ClaimedJob> jobs, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var ids = jobs.Select(j => j.SubmissionId).OfType<Guid>().ToList();
        if (ids.Distinct().Count() != ids.Count) return false; // two gradings of one submission: one after the other
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var submissions = await db.Submissions.Include(s => s.Files).Include(s => s.Student)
            .Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var answers = await files.GetManyAsync(submissions.Values.Select(s => StoredSubmissionGrading.AnswersFile(s).Sha256), cancellationToken);
        var graded = new List<(ClaimedJob Job, Submission Submission, IReadOnlyList<ItemResult> Results)>();
        foreach (var job in jobs)
        {
            // A submission deleted meanwhile leaves its job nothing to do but complete.
            if (job.SubmissionId is not { } id || !submissions.TryGetValue(id, out var submission)) continue;
            var answersFile = StoredSubmissionGrading.AnswersFile(submission);
            var bytes = answers.GetValueOrDefault(Convert.ToHexStringLower(answersFile.Sha256)) ?? throw StoredSubmissionGrading.MissingFile(answersFile);
            graded.Add((job, submission, StoredSubmissionGrading.Grade(await rubrics.GetAsync(submission.RubricVersionId, cancellationToken), submission, answersFile, bytes)));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await queue.CompleteAsync(db, jobs, cancellationToken)) return false;
        var stored = graded.Count == 0 ? [] : await MarkWriter.LoadAsync(db, [.. graded.Select(g => g.Submission.Id)], cancellationToken);
        var settled = new List<Guid>();
        var created = new List<Mark>();
        foreach (var (job, submission, results) in graded)
        {
            if (await StoreAsync(db, job, submission, results, stored[submission.Id], created, started, cancellationToken))
                settled.Add(submission.Id);
        }
        if (settled.Count > 0)
            foreach (var hook in settledHooks) await hook.OnSettledAsync(db, settled, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await MarkCopy.WriteAsync(db, created, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Adds one submission's marks, model jobs, status and grading run to the unit of work; true when it is settled (graded).</summary>
    private async Task<bool> StoreAsync(GraderDbContext db, ClaimedJob job, Submission submission, IReadOnlyList<ItemResult> results,
        IReadOnlyDictionary<string, Mark> storedMarks, List<Mark> created, DateTimeOffset started, CancellationToken cancellationToken)
    {
        MarkWriter.Upsert(db, submission.Id, results.Select(r => MarkMapping.ToMark(r, submission.RubricVersionId)).ToList(),
            storedMarks, job.RegradeId, created);
        if (job.RegradeId is { } regrade)
            await MarkWriter.DropAbsentAsync(db, submission.Id, results.Select(r => r.ItemId).ToList(), regrade, cancellationToken);
        foreach (var item in results.Where(r => r.Status == MarkStatus.PendingModel))
            queue.Enqueue(db, QueueNames.Gpu, JobKinds.EvaluateModel, submission.Id, item.ItemId, job.RegradeId);
        bool waiting = results.Any(r => r.Status == MarkStatus.PendingModel);
        submission.Status = waiting ? SubmissionStatus.PendingModel : SubmissionStatus.Graded;
        submission.GradedAt = waiting ? null : DateTimeOffset.UtcNow;
        submission.Error = null;
        db.GradingRuns.Add(new GradingRun
        {
            SubmissionId = submission.Id, JobId = job.Id, Worker = settings.Name, EngineVersion = EngineVersion,
            StartedAt = started, FinishedAt = DateTimeOffset.UtcNow, Outcome = "graded",
        });
        return !waiting;
    }
}
