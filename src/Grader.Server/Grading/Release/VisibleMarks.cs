using Grader.Data;
using Grader.Data.Entities;
using Grader.Server.Rubrics;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Grading.Release;

/// <summary>A submission as far as showing its marks needs it.</summary>
public sealed record SubmissionRef(Guid Id, string AssignmentId, long RubricVersionId, string Status);

/// <summary>
/// Reads submissions' marks and shows them to a viewer through <see cref="StudentMarks"/>: the API's
/// marks and status, the submission page, the student's lists. Staff see everything.
/// </summary>
public sealed class VisibleMarks(RubricCache rubrics, ReleaseViews releases)
{
    public async Task<MarksView> OfAsync(GraderDbContext db, SubmissionRef submission, bool student, CancellationToken cancellationToken) =>
        (await OfManyAsync(db, [submission], student, cancellationToken))[submission.Id];

    /// <summary>Several submissions of one assignment (a student's history): one query for their marks.</summary>
    public async Task<IReadOnlyDictionary<Guid, MarksView>> OfManyAsync(GraderDbContext db, IReadOnlyList<SubmissionRef> submissions,
        bool student, CancellationToken cancellationToken)
    {
        var ids = submissions.Select(s => s.Id).ToList();
        var marks = (await db.Marks.AsNoTracking().Where(m => ids.Contains(m.SubmissionId)).OrderBy(m => m.Id).ToListAsync(cancellationToken))
            .ToLookup(m => m.SubmissionId);
        var views = new Dictionary<Guid, MarksView>();
        var releaseByAssignment = new Dictionary<string, ReleaseView>();
        foreach (var submission in submissions)
        {
            var ofSubmission = marks[submission.Id].ToList();
            if (!student)
            {
                views[submission.Id] = StudentMarks.ForStaff(submission.Status, ofSubmission);
                continue;
            }
            if (!releaseByAssignment.TryGetValue(submission.AssignmentId, out var release))
                releaseByAssignment[submission.AssignmentId] = release = (await releases.LoadAsync(db, submission.AssignmentId, cancellationToken))!;
            var rubric = await rubrics.GetAsync(submission.RubricVersionId, cancellationToken);
            views[submission.Id] = StudentMarks.ForStudent(submission.Status, ofSubmission, rubric, release);
        }
        return views;
    }
}
