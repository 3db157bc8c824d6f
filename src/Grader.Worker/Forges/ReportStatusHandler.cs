using System.Globalization;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Forges;
using Grader.Data.Queue;
using Grader.Data.Release;
using Grader.Data.Rubrics;
using Microsoft.EntityFrameworkCore;

namespace Grader.Worker.Forges;

/// <summary>
/// cpu queue, job item_id = forge push id: posts the push's current state on its commit. Two
/// report jobs of one push (the "pending" one and the final one) take turns on the push's row
/// lock and each reads the state while holding it, so a late "pending" can never land after the
/// final marks: whichever runs second reports the final state too. Rate limits wait as asked;
/// other forge faults go through the queue's retries.
/// </summary>
public sealed class ReportStatusHandler(IDbContextFactory<GraderDbContext> contexts, JobQueue queue, IForgeFactory forges, RubricCache rubrics,
    ReleaseViews releases) : IJobHandler
{
    public string Kind => JobKinds.ReportStatus;

    public async Task<bool> HandleAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        long pushId = long.Parse(job.ItemId!, CultureInfo.InvariantCulture);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var push = (await db.ForgePushes.FromSql($"SELECT * FROM forge_pushes WHERE id = {pushId} FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();
        var settings = push is null ? null : await db.ForgeSettings.AsNoTracking().SingleOrDefaultAsync(f => f.CourseId == push.CourseId, cancellationToken);
        if (push is null || settings is null || push.State == ForgePushStates.Failed)
            return await CompleteAsync(db, transaction, job, push, null, cancellationToken);

        var submission = push.SubmissionId is { } id ? await db.Submissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken) : null;
        IReadOnlyList<ShownMark> shown = [];
        if (submission is not null)
        {
            var marks = await db.Marks.AsNoTracking().Where(m => m.SubmissionId == submission.Id).OrderBy(m => m.Id).ToListAsync(cancellationToken);
            var release = (await releases.LoadAsync(db, submission.AssignmentId, cancellationToken))!;
            shown = StudentMarks.ForStudent(submission.Status, marks, await rubrics.GetAsync(submission.RubricVersionId, cancellationToken), release).Items;
        }
        var report = CommitReportBuilder.Build(push, submission, shown, settings.PublicUrl);
        try
        {
            await forges.Create(settings).ReportAsync(RepoRef.Parse(push.RepoFullName), push.CommitSha, report, cancellationToken);
        }
        catch (ForgeException e) when (e.Failure == ForgeFailure.RateLimited)
        {
            throw new JobDeferredException(e.RetryAfter ?? TimeSpan.FromMinutes(1), e.Message);
        }
        catch (ForgeException e) when (e.Failure == ForgeFailure.Permanent)
        {
            throw new PermanentJobFailureException(e.Message, e);
        }
        return await CompleteAsync(db, transaction, job, push, report.State.ToString().ToLowerInvariant(), cancellationToken);
    }

    private async Task<bool> CompleteAsync(GraderDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction,
        ClaimedJob job, ForgePush? push, string? reported, CancellationToken cancellationToken)
    {
        if (!await queue.CompleteAsync(db, job, cancellationToken)) return false;
        if (push is not null && reported is not null)
        {
            push.ReportedState = reported;
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
