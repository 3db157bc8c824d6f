using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Queue;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Grading;

/// <summary>A re-run as the regrades page lists it: who, when, from which version to which, how far.</summary>
public sealed record RegradeRow(
    long Id, DateTimeOffset RequestedAt, string? RequestedBy, int? FromVersion, int ToVersion, int Submissions,
    int JobsDone, int JobsFailed, int JobsTotal, int ChangedMarks)
{
    public bool Finished => JobsDone + JobsFailed == JobsTotal;
}

/// <summary>A mark a re-run changed.</summary>
public sealed record RegradeChange(Guid SubmissionId, string Student, string ItemId, double? OldPoints, double NewPoints,
    string NewFeedback);

/// <summary>
/// Rubric re-runs: the current rubric version applied to every submission of an assignment again,
/// through the ordinary grading jobs. Starting one is one transaction: the regrades row, every
/// submission pointed at the current version and queued, and one grading job per submission that
/// names the re-run, so the workers audit the marks it changes (see <see cref="Data.Marks.MarkWriter"/>)
/// and pass it on to the model evaluations they enqueue. Marks a person set stay as they are.
/// </summary>
public sealed class Regrades(IDbContextFactory<GraderDbContext> contexts, JobQueue queue)
{
    /// <summary>Starts a re-run; null when the assignment has no rubric version.</summary>
    public async Task<long?> StartAsync(string assignmentId, long staffId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Lock the assignment: a rubric import (which moves the current version) waits for this re-run.
        var version = await db.Assignments.FromSql($"SELECT * FROM assignments WHERE id = {assignmentId} FOR UPDATE")
            .Select(a => a.CurrentVersionId).SingleOrDefaultAsync(cancellationToken);
        if (version is not { } current) return null;
        var submissions = await db.Submissions.Where(s => s.AssignmentId == assignmentId)
            .Select(s => new { s.Id, s.RubricVersionId }).ToListAsync(cancellationToken);
        var regrade = new Regrade
        {
            AssignmentId = assignmentId,
            RubricVersionId = current,
            FromVersionId = submissions.Count == 0 ? null
                : submissions.GroupBy(s => s.RubricVersionId).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key,
            RequestedBy = staffId,
            RequestedAt = DateTimeOffset.UtcNow,
            Submissions = submissions.Count,
        };
        db.Regrades.Add(regrade);
        await db.SaveChangesAsync(cancellationToken);
        await db.Submissions.Where(s => s.AssignmentId == assignmentId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.RubricVersionId, current)
                .SetProperty(x => x.Status, SubmissionStatus.Queued)
                .SetProperty(x => x.Error, (string?)null), cancellationToken);
        foreach (var submission in submissions)
            queue.Enqueue(db, QueueNames.Cpu, JobKinds.GradeSubmission, submission.Id, regradeId: regrade.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return regrade.Id;
    }

    public async Task<IReadOnlyList<RegradeRow>> ListAsync(string assignmentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Regrades.AsNoTracking().Where(r => r.AssignmentId == assignmentId)
            .OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id)
            .Select(r => new RegradeRow(
                r.Id, r.RequestedAt,
                db.Staff.Where(s => s.Id == r.RequestedBy).Select(s => s.Name).FirstOrDefault(),
                db.RubricVersions.Where(v => v.Id == r.FromVersionId).Select(v => (int?)v.Version).FirstOrDefault(),
                db.RubricVersions.Where(v => v.Id == r.RubricVersionId).Select(v => v.Version).First(),
                r.Submissions,
                db.Jobs.Count(j => j.RegradeId == r.Id && j.State == JobStates.Succeeded),
                db.Jobs.Count(j => j.RegradeId == r.Id && j.State == JobStates.Dead),
                db.Jobs.Count(j => j.RegradeId == r.Id),
                db.MarkChanges.Count(c => c.RegradeId == r.Id)))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RegradeChange>> ChangesAsync(string assignmentId, long regradeId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MarkChanges.AsNoTracking()
            .Where(c => c.RegradeId == regradeId && db.Regrades.Any(r => r.Id == regradeId && r.AssignmentId == assignmentId))
            .Join(db.Submissions, c => c.SubmissionId, s => s.Id, (c, s) => new { c, s.Student })
            .OrderBy(x => x.Student!.ExternalId).ThenBy(x => x.c.ItemId)
            .Select(x => new RegradeChange(x.c.SubmissionId, x.Student!.ExternalId, x.c.ItemId, x.c.OldPoints, x.c.NewPoints, x.c.NewFeedback))
            .ToListAsync(cancellationToken);
    }
}
