using Grader.Core.Answers;
using Grader.Core.Checking;
using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Files;
using Grader.Data.Marks;
using Grader.Data.Queue;
using Grader.Data.Rubrics;
using Grader.Evaluation;
using Grader.Worker.Models;
using Microsoft.EntityFrameworkCore;

namespace Grader.Worker.Handlers;

/// <summary>
/// gpu queue: evaluates one uploaded model for one model item through <see cref="IModelEvaluator"/>
/// and stores its mark. When the last pending model mark of a submission is written, the
/// submission is graded. A model the evaluator rejects is a 0 with its message, not a retry.
/// </summary>
public sealed class ModelEvaluationHandler(
    IDbContextFactory<GraderDbContext> contexts, FileStore files, RubricCache rubrics, JobQueue queue,
    IModelEvaluator evaluator, WorkerSettings settings, IEnumerable<ISubmissionSettledHook> settledHooks) : IJobHandler
{
    public string Kind => JobKinds.EvaluateModel;

    public async Task<bool> HandleAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var submission = await db.Submissions.AsNoTracking().Include(s => s.Files)
            .SingleOrDefaultAsync(s => s.Id == job.SubmissionId, cancellationToken);
        var rubric = submission is null ? null : await rubrics.GetAsync(submission.RubricVersionId, cancellationToken);
        var file = submission?.Files.SingleOrDefault(f => f.Role == FileRoles.Model && f.ItemId == job.ItemId);
        if (submission is null || file is null || rubric?.FindItem(job.ItemId!) is not { Check: ModelCheck check } item)
            return await CompleteOnlyAsync(db, job, cancellationToken);

        var model = await files.GetAsync(file.Sha256, cancellationToken)
            ?? throw new InvalidOperationException($"file {Convert.ToHexStringLower(file.Sha256)} is missing");
        ItemResult result;
        try
        {
            var answer = await ReadModelAnswerAsync(submission, item.Id, cancellationToken);
            var evaluation = await evaluator.EvaluateAsync(
                new ModelEvaluationJob(submission.Id, item.Id, check.Requirement, model, answer), cancellationToken);
            result = Score(item, check.Requirement, evaluation);
        }
        catch (ModelRejectedException e)
        {
            result = new ItemResult(item.Id, 0, item.Points, item.Bonus, MarkStatus.Invalid, "Your model could not be evaluated: " + e.Message);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await queue.CompleteAsync(db, job, cancellationToken)) return false;
        // Lock the submission row first: two model jobs of one submission finishing together then
        // take turns, and the second sees the first's mark when it checks what is still pending.
        await db.Submissions.Where(s => s.Id == submission.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, x => x.Status), cancellationToken);
        await MarkWriter.UpsertAsync(db, submission.Id, [MarkMapping.ToMark(result, submission.RubricVersionId)], job.RegradeId, cancellationToken);
        db.GradingRuns.Add(new GradingRun
        {
            SubmissionId = submission.Id, JobId = job.Id, Worker = settings.Name, EngineVersion = evaluator.EngineVersion,
            StartedAt = started, FinishedAt = DateTimeOffset.UtcNow, Outcome = "model " + MarkMapping.StatusName(result.Status),
        });
        await db.SaveChangesAsync(cancellationToken);
        string pending = MarkMapping.StatusName(MarkStatus.PendingModel);
        int settled = await db.Submissions
            .Where(s => s.Id == submission.Id && s.Status != SubmissionStatus.Graded
                        && !db.Marks.Any(m => m.SubmissionId == submission.Id && m.Result == pending))
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, SubmissionStatus.Graded)
                .SetProperty(x => x.GradedAt, DateTimeOffset.UtcNow), cancellationToken);
        if (settled == 1)
        {
            foreach (var hook in settledHooks) await hook.OnSettledAsync(db, [submission.Id], cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    internal static ItemResult Score(RubricItem item, ModelRequirement requirement, ModelEvaluation evaluation) =>
        ModelItemScorer.Score(item, requirement, evaluation.Metric,
            evaluation.Note ?? $"{requirement.Metric} {evaluation.Metric:P2} on the {requirement.Dataset} test set", evaluation.Details);

    /// <summary>The item's answer (own mean/std, input size), read from the submission's answers file.</summary>
    private async Task<ModelAnswer?> ReadModelAnswerAsync(Submission submission, string itemId, CancellationToken cancellationToken)
    {
        var answersFile = submission.Files.SingleOrDefault(f => f.Role == FileRoles.Answers);
        if (answersFile is null || await files.GetAsync(answersFile.Sha256, cancellationToken) is not { } bytes) return null;
        var answers = AnswerFileReader.Read(System.Text.Encoding.UTF8.GetString(bytes), answersFile.FileName).File;
        return answers?.Find(itemId) is { } node ? ModelAnswerReader.Read(node).Value : null;
    }

    private async Task<bool> CompleteOnlyAsync(GraderDbContext db, ClaimedJob job, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        bool done = await queue.CompleteAsync(db, job, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return done;
    }
}
