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
/// re-run passes its re-run on to the marks it changes (audited) and to its model jobs.
/// </summary>
public sealed class SubmissionGradingHandler(
    IDbContextFactory<GraderDbContext> contexts, FileStore files, RubricCache rubrics, JobQueue queue,
    WorkerSettings settings, IEnumerable<ISubmissionSettledHook> settledHooks) : IJobHandler
{
    public static readonly string EngineVersion = "grader-core/" + typeof(SubmissionGrader).Assembly.GetName().Version;

    public string Kind => JobKinds.GradeSubmission;

    public async Task<bool> HandleAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var submission = await db.Submissions.Include(s => s.Files).Include(s => s.Student)
            .SingleOrDefaultAsync(s => s.Id == job.SubmissionId, cancellationToken);
        if (submission is null) return await CompleteAloneAsync(db, job, cancellationToken); // deleted meanwhile

        var results = await GradeAsync(submission, files, rubrics, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await queue.CompleteAsync(db, job, cancellationToken)) return false;
        await MarkWriter.UpsertAsync(db, submission.Id,
            results.Select(r => MarkMapping.ToMark(r, submission.RubricVersionId)).ToList(), job.RegradeId, cancellationToken);
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
        if (!waiting)
            foreach (var hook in settledHooks) await hook.OnSettledAsync(db, submission.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// The marks of every item of a stored submission (loaded with its files and student) under
    /// its rubric version; also how a person's override is reverted to the automatic result.
    /// </summary>
    internal static async Task<IReadOnlyList<ItemResult>> GradeAsync(Submission submission, FileStore files, RubricCache rubrics,
        CancellationToken cancellationToken)
    {
        var rubric = await rubrics.GetAsync(submission.RubricVersionId, cancellationToken);
        var answersFile = submission.Files.Single(f => f.Role == FileRoles.Answers);
        var bytes = await files.GetAsync(answersFile.Sha256, cancellationToken)
            ?? throw new InvalidOperationException($"file {Convert.ToHexStringLower(answersFile.Sha256)} is missing");
        var models = submission.Files.Where(f => f.Role == FileRoles.Model).Select(f => f.ItemId).ToHashSet(StringComparer.Ordinal);
        var student = submission.Student!;
        return Grade(rubric, bytes, answersFile.FileName, new StudentIdentity(student.ExternalId, student.Name, student.IndexNumber), models);
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

    private async Task<bool> CompleteAloneAsync(GraderDbContext db, ClaimedJob job, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        bool done = await queue.CompleteAsync(db, job, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return done;
    }
}
