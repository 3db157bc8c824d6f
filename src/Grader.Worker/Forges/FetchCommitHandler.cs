using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Files;
using Grader.Data.Forges;
using Grader.Data.Queue;
using Microsoft.EntityFrameworkCore;

namespace Grader.Worker.Forges;

/// <summary>
/// cpu queue, job item_id = forge push id: fetches the pushed commit's answers file and model
/// files from the forge, then creates the submission and its grading job, marks the push
/// submitted and completes this job, in one transaction. A commit the student must fix (no
/// answers file, a model over the limit) is rejected and reported on the commit. Forge faults:
/// transient ones are retried with the queue's backoff, rate limits wait as GitHub asks, and a
/// permanent one (repository gone, no access) kills the job at once, visibly.
/// </summary>
public sealed class FetchCommitHandler(IDbContextFactory<GraderDbContext> contexts, JobQueue queue,
    IForgeFactory forges, ForgeOptions options) : IJobHandler
{
    public string Kind => JobKinds.FetchCommit;

    public async Task<bool> HandleAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        long pushId = long.Parse(job.ItemId!, CultureInfo.InvariantCulture);
        var push = await db.ForgePushes.SingleOrDefaultAsync(p => p.Id == pushId, cancellationToken);
        var settings = push is null ? null : await db.ForgeSettings.AsNoTracking().SingleOrDefaultAsync(f => f.CourseId == push.CourseId, cancellationToken);
        var layout = push is null ? null : await db.ForgeAssignments.AsNoTracking().SingleOrDefaultAsync(f => f.AssignmentId == push.AssignmentId, cancellationToken);
        var assignment = push is null ? null : await db.Assignments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == push.AssignmentId, cancellationToken);
        if (push is null || push.State != ForgePushStates.Received)
            return await CompleteAsync(db, job, cancellationToken); // done before (a lost lease's twin) or deleted
        if (settings is null || layout is null || assignment?.CurrentVersionId is not { } versionId)
            throw new PermanentJobFailureException($"push {push.Id}: the course's forge settings or the assignment's repository layout were removed");

        var forge = forges.Create(settings);
        var repo = RepoRef.Parse(push.RepoFullName);
        var modelPaths = JsonSerializer.Deserialize<Dictionary<string, string>>(layout.ModelPaths) ?? [];
        FetchedFile answers;
        var models = new List<(string Item, FetchedFile File)>();
        try
        {
            answers = await forge.GetFileAsync(repo, push.CommitSha, layout.AnswersPath, options.AnswersBytes, cancellationToken);
            if (answers.Status == FetchStatus.Found)
                foreach (var (item, path) in modelPaths.OrderBy(m => m.Key, StringComparer.Ordinal))
                    models.Add((item, await forge.GetFileAsync(repo, push.CommitSha, path, options.ModelBytes, cancellationToken)));
        }
        catch (ForgeException e) when (e.Failure == ForgeFailure.RateLimited)
        {
            throw new JobDeferredException(e.RetryAfter ?? TimeSpan.FromMinutes(1), e.Message);
        }
        catch (ForgeException e) when (e.Failure == ForgeFailure.Transient && job.Attempt >= job.MaxAttempts)
        {
            // The last attempt: the job will be dead; say so on the push too, not only on the job.
            await db.ForgePushes.Where(p => p.Id == push.Id).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.State, ForgePushStates.Failed).SetProperty(p => p.Error, e.Message), cancellationToken);
            throw;
        }
        catch (ForgeException e) when (e.Failure == ForgeFailure.Permanent)
        {
            await db.ForgePushes.Where(p => p.Id == push.Id).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.State, ForgePushStates.Failed).SetProperty(p => p.Error, e.Message), cancellationToken);
            throw new PermanentJobFailureException(e.Message, e);
        }

        if (Rejection(layout.AnswersPath, answers, models) is { } reason)
            return await RejectAsync(db, job, push, reason, cancellationToken);

        // The commit's files commit with its submission or not at all: no blob is left behind.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await queue.CompleteAsync(db, job, cancellationToken)) return false;
        var before = await StorageQuotas.UsageAsync(db, push.StudentId, cancellationToken);
        var stored = new List<SubmissionFile> { await StoreAsync(db, FileRoles.Answers, "", answers, cancellationToken) };
        foreach (var (item, file) in models.Where(m => m.File.Status == FetchStatus.Found))
            stored.Add(await StoreAsync(db, FileRoles.Model, item, file, cancellationToken));

        var now = DateTimeOffset.UtcNow;
        string key = $"{ForgeProviders.GitHub}:{push.AssignmentId}:{push.CommitSha}";
        var submission = new Submission
        {
            Id = Guid.CreateVersion7(now),
            AssignmentId = push.AssignmentId,
            RubricVersionId = versionId,
            StudentId = push.StudentId,
            SubmittedAt = push.CreatedAt, // the push is the submission time, not when we got round to fetching it
            IsLate = assignment.Deadline is { } deadline && push.CreatedAt > deadline,
            Status = SubmissionStatus.Queued,
            IdempotencyKey = key,
            RequestHash = SHA256.HashData(Encoding.UTF8.GetBytes(key)),
            Files = stored,
        };
        db.Submissions.Add(submission);
        queue.Enqueue(db, QueueNames.Cpu, JobKinds.GradeSubmission, submission.Id);
        push.State = ForgePushStates.Submitted;
        push.SubmissionId = submission.Id;
        // "pending" on the commit at once, so the student sees the push was taken.
        queue.Enqueue(db, QueueNames.Cpu, JobKinds.ReportStatus, itemId: job.ItemId);
        await db.SaveChangesAsync(cancellationToken);
        // The same storage quotas as an upload (the trigger on submission_files has counted the new files).
        if (StorageQuotas.Over(before, await StorageQuotas.UsageAsync(db, push.StudentId, cancellationToken)) is { } refusal)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            var fresh = await db.ForgePushes.SingleAsync(p => p.Id == push.Id, cancellationToken);
            return await RejectAsync(db, job, fresh, refusal.Explain(), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Why the commit cannot be graded, in words for the student; null when it can.</summary>
    internal string? Rejection(string answersPath, FetchedFile answers, IEnumerable<(string Item, FetchedFile File)> models)
    {
        if (answers.Status == FetchStatus.Missing) return $"No answers file: {answersPath} is not in this commit.";
        if (answers.Status == FetchStatus.TooLarge) return $"The answers file {answersPath} is larger than {Size(options.AnswersBytes)}.";
        foreach (var (item, file) in models)
            if (file.Status == FetchStatus.TooLarge) return $"The model file {file.Path} ({item}) is larger than {Size(options.ModelBytes)}.";
        return null;
    }

    private static string Size(long bytes) => bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.#} MiB" : $"{bytes / 1024.0:0.#} KiB";

    private async Task<bool> RejectAsync(GraderDbContext db, ClaimedJob job, ForgePush push, string reason, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await queue.CompleteAsync(db, job, cancellationToken)) return false;
        push.State = ForgePushStates.Rejected;
        push.Error = reason;
        queue.Enqueue(db, QueueNames.Cpu, JobKinds.ReportStatus, itemId: job.ItemId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<SubmissionFile> StoreAsync(GraderDbContext db, string role, string item, FetchedFile file,
        CancellationToken cancellationToken) => new()
    {
        Role = role,
        ItemId = item,
        FileName = Path.GetFileName(file.Path),
        ContentType = role == FileRoles.Model ? "application/octet-stream"
            : file.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/yaml",
        Sha256 = await FileStore.PutAsync(db, file.Content!, cancellationToken),
        Size = file.Content!.Length,
    };

    private async Task<bool> CompleteAsync(GraderDbContext db, ClaimedJob job, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        bool done = await queue.CompleteAsync(db, job, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return done;
    }
}
