using System.Security.Cryptography;
using System.Text;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Files;
using Grader.Data.Queue;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Grader.Server.Api.Submissions;

/// <summary>
/// Turns a parsed upload into a stored submission. Its files (content-addressed, harmless to
/// repeat), the submission, its file list and its grading job are written in one transaction, so
/// an accepted upload always has its job and a refused one leaves nothing behind. A repeated
/// Idempotency-Key for the same assignment returns the submission made the first time; the storage
/// the new files take is checked against the student's and the course's quotas in that transaction.
/// </summary>
public sealed class SubmissionIntake(IDbContextFactory<GraderDbContext> contexts, JobQueue queue, TimeProvider time)
{
    public sealed record Outcome(Submission? Submission, bool Replayed, bool KeyConflict, StorageRefusal? Refusal = null);

    public async Task<Outcome?> FindReplayAsync(long studentId, string assignmentId, string? idempotencyKey, byte[] requestHash,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is null) return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Submissions.AsNoTracking()
            .FirstOrDefaultAsync(s => s.StudentId == studentId && s.AssignmentId == assignmentId && s.IdempotencyKey == idempotencyKey, cancellationToken);
        return existing is null ? null : new Outcome(existing, true, !existing.RequestHash!.AsSpan().SequenceEqual(requestHash));
    }

    public async Task<Outcome> CreateAsync(Assignment assignment, long studentId, ParsedUpload upload, string? idempotencyKey,
        byte[] requestHash, CancellationToken cancellationToken)
    {
        if (await FindReplayAsync(studentId, assignment.Id, idempotencyKey, requestHash, cancellationToken) is { } replay) return replay;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var before = await StorageQuotas.UsageAsync(db, studentId, cancellationToken);
        var stored = new List<SubmissionFile>();
        stored.Add(await StoreAsync(db, FileRoles.Answers, "", upload.Answers, cancellationToken));
        foreach (var (item, model) in upload.Models) stored.Add(await StoreAsync(db, FileRoles.Model, item, model, cancellationToken));

        var now = time.GetUtcNow();
        var submission = new Submission
        {
            Id = Guid.CreateVersion7(now),
            AssignmentId = assignment.Id,
            RubricVersionId = assignment.CurrentVersionId!.Value,
            StudentId = studentId,
            SubmittedAt = now,
            IsLate = assignment.Deadline is { } deadline && now > deadline,
            Status = SubmissionStatus.Queued,
            IdempotencyKey = idempotencyKey,
            RequestHash = requestHash,
            Files = stored,
        };
        db.Submissions.Add(submission);
        queue.Enqueue(db, QueueNames.Cpu, JobKinds.GradeSubmission, submission.Id);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            // The storage trigger has counted the files that are new for this student and course.
            if (StorageQuotas.Over(before, await StorageQuotas.UsageAsync(db, studentId, cancellationToken)) is { } refusal)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return new Outcome(null, false, false, refusal);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (idempotencyKey is not null
            && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same key raced us and won: answer with its submission.
            await transaction.RollbackAsync(CancellationToken.None);
            return await FindReplayAsync(studentId, assignment.Id, idempotencyKey, requestHash, cancellationToken)
                ?? throw new InvalidOperationException("idempotency key conflict without a stored submission", e);
        }
        return new Outcome(submission, false, false);
    }

    private static async Task<SubmissionFile> StoreAsync(GraderDbContext db, string role, string item, UploadedFile file,
        CancellationToken cancellationToken)
    {
        await FileStore.PutAsync(db, file.Content.Sha256, file.Content.Length, file.Content.OpenRead(), cancellationToken);
        return new SubmissionFile
        {
            Role = role,
            ItemId = item,
            FileName = file.FileName,
            ContentType = file.ContentType,
            Sha256 = file.Content.Sha256,
            Size = file.Content.Length,
        };
    }

    /// <summary>What identifies an upload's content for Idempotency-Key comparisons.</summary>
    public static byte[] RequestHash(ParsedUpload upload)
    {
        var text = new StringBuilder();
        text.Append("answers:").Append(Convert.ToHexString(upload.Answers.Content.Sha256)).Append('\n');
        foreach (var (item, model) in upload.Models.OrderBy(m => m.Key, StringComparer.Ordinal))
            text.Append("model:").Append(item).Append(':').Append(Convert.ToHexString(model.Content.Sha256)).Append('\n');
        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
