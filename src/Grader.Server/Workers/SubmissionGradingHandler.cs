using System.Diagnostics;
using System.Text;
using Grader.Core.Answers;
using Grader.Core.Checking;
using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Files;
using Grader.Data.Marks;
using Grader.Data.Queue;
using Grader.Server.Rubrics;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Workers;

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
        var answers = await files.GetManyAsync(submissions.Values.Select(s => AnswersFile(s).Sha256), cancellationToken);
        var graded = new List<(ClaimedJob Job, Submission Submission, IReadOnlyList<ItemResult> Results)>();
        foreach (var job in jobs)
        {
            // A submission deleted meanwhile leaves its job nothing to do but complete.
            if (job.SubmissionId is not { } id || !submissions.TryGetValue(id, out var submission)) continue;
            var answersFile = AnswersFile(submission);
            var bytes = answers.GetValueOrDefault(Convert.ToHexStringLower(answersFile.Sha256)) ?? throw MissingFile(answersFile);
            graded.Add((job, submission, Grade(await rubrics.GetAsync(submission.RubricVersionId, cancellationToken), submission, answersFile, bytes)));
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

    /// <summary>
    /// The marks of every item of a stored submission (loaded with its files and student) under
    /// its rubric version; also how a person's override is reverted to the automatic result.
    /// </summary>
    internal static async Task<IReadOnlyList<ItemResult>> GradeAsync(Submission submission, FileStore files, RubricCache rubrics,
        CancellationToken cancellationToken)
    {
        var rubric = await rubrics.GetAsync(submission.RubricVersionId, cancellationToken);
        var answersFile = AnswersFile(submission);
        var bytes = await files.GetAsync(answersFile.Sha256, cancellationToken) ?? throw MissingFile(answersFile);
        return Grade(rubric, submission, answersFile, bytes);
    }

    private static SubmissionFile AnswersFile(Submission submission) => submission.Files.Single(f => f.Role == FileRoles.Answers);

    private static InvalidOperationException MissingFile(SubmissionFile file) =>
        new($"file {Convert.ToHexStringLower(file.Sha256)} is missing");

    private static IReadOnlyList<ItemResult> Grade(Rubric rubric, Submission submission, SubmissionFile answersFile, byte[] answers)
    {
        var models = submission.Files.Where(f => f.Role == FileRoles.Model).Select(f => f.ItemId).ToHashSet(StringComparer.Ordinal);
        var student = submission.Student!;
        return Grade(rubric, answers, answersFile.FileName, new StudentIdentity(student.ExternalId, student.Name, student.IndexNumber), models);
    }

    /// <summary>
    /// The marks of every item. An unreadable answers file is the student's error: every item
    /// gets 0 with the reader's messages, so they know what to fix. Model items are judged by the
    /// uploaded files, not by what the answers file says about them.
    /// </summary>
    internal static IReadOnlyList<ItemResult> Grade(Rubric rubric, byte[] bytes, string fileName, StudentIdentity student,
        IReadOnlySet<string> uploadedModels)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Unreadable(rubric, "Your answers file is not UTF-8 text.");
        }
        var read = AnswerFileReader.Read(text, fileName);
        if (read.File is not { } answers)
            return Unreadable(rubric, "Your answers file could not be read: " + string.Join("; ", read.DescribeProblems()));

        var report = SubmissionGrader.Grade(rubric, answers, student);
        return report.Items.Select(result => rubric.FindItem(result.ItemId) is { Check: ModelCheck model }
            ? uploadedModels.Contains(result.ItemId)
                ? result with { Points = 0, Status = MarkStatus.PendingModel, Feedback = $"Awaiting evaluation on the {model.Requirement.Dataset} test set.", Details = null }
                : result with { Points = 0, Status = MarkStatus.Missing, Feedback = "No model file was submitted for this item.", Details = null }
            : result).ToList();
    }

    private static List<ItemResult> Unreadable(Rubric rubric, string feedback) =>
        rubric.Items.Select(i => new ItemResult(i.Id, 0, i.Points, i.Bonus, MarkStatus.Invalid, feedback)).ToList();
}
