using Grader.Data;
using Grader.Data.Entities;
using Grader.Data.Release;
using Grader.Data.Rubrics;
using Grader.Server.Grading;
using Grader.Server.Grading.Release;
using Grader.Server.Grading.Requests;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Pages;

/// <summary>The start page: staff see their courses' assignments; a student sees theirs with their latest results.</summary>
public sealed class IndexModel(IDbContextFactory<GraderDbContext> contexts, VisibleMarks visible, RubricCache rubrics,
    RegradeRequests regradeRequests) : PageModel
{
    public sealed record AssignmentRow(string Id, string Title, DateTimeOffset? Deadline, int? Version, int Students,
        int Submissions, int Queued, int Failed, int PendingManual, int OpenRequests);

    public sealed record CourseBlock(string Id, string Title, string Role, IReadOnlyList<AssignmentRow> Assignments);

    public sealed record StudentRow(string Id, string Title, DateTimeOffset? Deadline, Guid? LatestId, string? LatestStatus,
        DateTimeOffset? LatestAt, double? Points, double? MaxPoints, int Count);

    public PageUser Viewer { get; private set; } = null!;
    public IReadOnlyList<CourseBlock> Courses { get; private set; } = [];
    public IReadOnlyList<StudentRow> MyAssignments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Viewer = PageUser.From(User)!;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (Viewer.IsStaff) Courses = await StaffCoursesAsync(db, cancellationToken);
        if (Viewer.Student is { } student) MyAssignments = await StudentAssignmentsAsync(db, student, cancellationToken);
    }

    /// <summary>
    /// The staff member's courses with their assignments and the counts the queues behind them
    /// agree with: failures and answers to grade by hand among the counted submissions only (a
    /// student's replaced submission is no work left), submissions in the job queue, open regrade requests.
    /// </summary>
    private async Task<IReadOnlyList<CourseBlock>> StaffCoursesAsync(GraderDbContext db, CancellationToken cancellationToken)
    {
        var courseIds = Viewer.StaffCourses;
        var courses = await db.Courses.AsNoTracking().Where(c => courseIds.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var assignments = await db.Assignments.AsNoTracking().Where(a => courseIds.Contains(a.CourseId))
            .OrderBy(a => a.Deadline ?? DateTimeOffset.MaxValue).ThenBy(a => a.Id)
            .Select(a => new
            {
                a.Id, a.CourseId, a.Title, a.Deadline, Version = (int?)a.CurrentVersion!.Version,
                Submissions = db.Submissions.Count(s => s.AssignmentId == a.Id),
                Queued = db.Submissions.Count(s => s.AssignmentId == a.Id && (s.Status == SubmissionStatus.Queued || s.Status == SubmissionStatus.PendingModel)),
            })
            .ToListAsync(cancellationToken);
        var counted = await CountedSubmissions.OfManyAsync(db, rubrics, [.. assignments.Select(a => a.Id)], cancellationToken);
        Guid[] countedIds = [.. counted.Values.SelectMany(c => c).Select(s => s.Id)];
        var pending = await db.Marks.AsNoTracking().Where(m => m.Result == "pending_manual" && countedIds.Contains(m.SubmissionId))
            .GroupBy(m => m.SubmissionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var requests = await regradeRequests.OpenCountsAsync(courseIds, cancellationToken);
        return courses.Select(c => new CourseBlock(c.Id, c.Title, Viewer.StaffOf(c.Id)!.Role,
            assignments.Where(a => a.CourseId == c.Id).Select(a =>
            {
                var ofAssignment = counted.GetValueOrDefault(a.Id) ?? [];
                return new AssignmentRow(a.Id, a.Title, a.Deadline, a.Version, ofAssignment.Count, a.Submissions, a.Queued,
                    ofAssignment.Count(s => s.Status == SubmissionStatus.Failed), ofAssignment.Sum(s => pending.GetValueOrDefault(s.Id)),
                    requests.GetValueOrDefault(a.Id));
            }).ToList())).ToList();
    }

    /// <summary>Each assignment of the student's course with their latest submission, its marks as the release policy shows them.</summary>
    private async Task<IReadOnlyList<StudentRow>> StudentAssignmentsAsync(GraderDbContext db, StudentIdentity student,
        CancellationToken cancellationToken)
    {
        var rows = await db.Assignments.AsNoTracking().Where(a => a.CourseId == student.CourseId && a.CurrentVersionId != null)
            .OrderBy(a => a.Deadline ?? DateTimeOffset.MaxValue).ThenBy(a => a.Id)
            .Select(a => new
            {
                a.Id, a.Title, a.Deadline,
                Count = db.Submissions.Count(s => s.AssignmentId == a.Id && s.StudentId == student.StudentId),
                Latest = db.Submissions.Where(s => s.AssignmentId == a.Id && s.StudentId == student.StudentId)
                    .OrderByDescending(s => s.SubmittedAt)
                    .Select(s => new { Ref = new SubmissionRef(s.Id, s.AssignmentId, s.RubricVersionId, s.Status), s.SubmittedAt })
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var views = await visible.OfManyAsync(db, rows.Where(r => r.Latest is not null).Select(r => r.Latest!.Ref).ToList(),
            student: true, cancellationToken);
        return rows.Select(r =>
        {
            var view = r.Latest is null ? null : views[r.Latest.Ref.Id];
            return new StudentRow(r.Id, r.Title, r.Deadline, r.Latest?.Ref.Id, view?.Status, r.Latest?.SubmittedAt,
                view?.ShownTotal, view is { Items.Count: > 0 } ? view.MaxTotal : null, r.Count);
        }).ToList();
    }
}
