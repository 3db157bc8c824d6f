using System.Text.RegularExpressions;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Queue;
using Grader.Server.Auth;
using Grader.Server.Forges.GitHub;
using Grader.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Grader.Server.Forges;

/// <summary>
/// Turns a verified push into recorded pushes, one per assignment the repository belongs to (an
/// explicit link first, else a classroom pattern with the student's registered login). Each push
/// and its fetch job are inserted in one transaction; the unique keys on (delivery, assignment)
/// and (assignment, student, commit) make a redelivery or a re-push of the same commit a no-op.
/// A push takes from the student's request budget (<see cref="RequestBudget"/>), as an upload
/// does: over it, the push is recorded as rejected and the reason reported on the commit, so a
/// student cannot get past the upload limit by pushing instead.
/// </summary>
public sealed class ForgePushIntake(IDbContextFactory<GraderDbContext> contexts, JobQueue queue, RequestBudget budget)
{
    public async Task<WebhookAnswer> RecordAsync(string courseId, string deliveryId, string repoFullName, string branch, string sha,
        CancellationToken cancellationToken)
    {
        if (sha.Length != 40 || !sha.All(Uri.IsHexDigit)) return new WebhookAnswer("ignored", $"'{sha}' is not a commit SHA");
        var targets = await FindTargetsAsync(courseId, repoFullName.ToLowerInvariant(), cancellationToken);
        if (targets.Count == 0) return new WebhookAnswer("ignored", $"repository {repoFullName} is not linked to a student and assignment of {courseId}");
        var onBranch = targets.Where(t => t.Branch == branch).ToList();
        if (onBranch.Count == 0) return new WebhookAnswer("ignored", $"branch {branch} is not graded");

        var recorded = new List<long>();
        bool duplicate = false;
        foreach (var target in onBranch)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (await db.ForgePushes.AnyAsync(p => (p.DeliveryId == deliveryId && p.AssignmentId == target.AssignmentId)
                    || (p.AssignmentId == target.AssignmentId && p.StudentId == target.StudentId && p.CommitSha == sha), cancellationToken))
            {
                duplicate = true;
                continue;
            }
            bool allowed = budget.TryTake(Caller.RateKeyOf(CallerKind.Student, target.StudentId));
            var push = new ForgePush
            {
                DeliveryId = deliveryId, CourseId = courseId, RepoFullName = repoFullName.ToLowerInvariant(), CommitSha = sha,
                AssignmentId = target.AssignmentId, StudentId = target.StudentId,
                State = allowed ? ForgePushStates.Received : ForgePushStates.Rejected,
                Error = allowed ? null : "Too many uploads and pushes: " + budget.Describe() + " Push a new commit later.",
            };
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.ForgePushes.Add(push);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                // The job names its push in item_id: jobs.submission_id is for submissions, and the
                // submission does not exist until the files are fetched.
                // A push over the budget is not fetched; its rejection is reported on the commit.
                queue.Enqueue(db, QueueNames.Cpu, allowed ? JobKinds.FetchCommit : JobKinds.ReportStatus,
                    itemId: push.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                recorded.Add(push.Id);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                duplicate = true; // a concurrent redelivery won the race
            }
        }
        return recorded.Count > 0
            ? new WebhookAnswer("accepted", null, recorded)
            : new WebhookAnswer(duplicate ? "duplicate" : "ignored", duplicate ? "this delivery or commit was already recorded" : null);
    }

    private sealed record Target(string AssignmentId, long StudentId, string Branch);

    private async Task<List<Target>> FindTargetsAsync(string courseId, string repo, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var configured = await db.ForgeAssignments.AsNoTracking()
            .Join(db.Assignments.Where(a => a.CourseId == courseId), f => f.AssignmentId, a => a.Id, (f, a) => f)
            .ToListAsync(cancellationToken);
        var linked = await db.ForgeRepositories.AsNoTracking().Where(r => r.RepoFullName == repo).ToListAsync(cancellationToken);
        var targets = new List<Target>();
        string name = repo[(repo.IndexOf('/') + 1)..];
        foreach (var assignment in configured)
        {
            if (linked.FirstOrDefault(l => l.AssignmentId == assignment.AssignmentId) is { } link)
            {
                targets.Add(new Target(assignment.AssignmentId, link.StudentId, assignment.Branch));
                continue;
            }
            if (assignment.RepoPattern is null || MatchLogin(assignment.RepoPattern, name) is not { } login) continue;
            var account = await db.ForgeAccounts.AsNoTracking()
                .FirstOrDefaultAsync(a => a.CourseId == courseId && a.Login == login, cancellationToken);
            if (account is not null) targets.Add(new Target(assignment.AssignmentId, account.StudentId, assignment.Branch));
        }
        return targets;
    }

    /// <summary>The login a classroom pattern (e.g. "hw2-{github_user}") finds in a repository name, lower case.</summary>
    internal static string? MatchLogin(string pattern, string repoName)
    {
        var parts = pattern.ToLowerInvariant().Split("{github_user}");
        if (parts.Length != 2) return null;
        var match = Regex.Match(repoName, "^" + Regex.Escape(parts[0]) + "(?<login>[a-z0-9-]+)" + Regex.Escape(parts[1]) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success ? match.Groups["login"].Value : null;
    }
}
