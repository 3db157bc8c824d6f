using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Rubrics;
using Grader.Server.Grading;
using Grader.Server.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Web.Gradebook;

/// <summary>
/// Reads what an assignment's gradebook shows, in five queries whatever the class size: the
/// students, every submission and its total (summed by the database), and the marks of the
/// counted submissions only.
/// </summary>
public static class GradebookQuery
{
    /// <summary>
    /// The gradebook of an assignment of one of the viewer's courses; null when there is no such
    /// assignment or it belongs to a course the viewer does not teach (both answer 404).
    /// </summary>
    public static async Task<GradebookData?> LoadVisibleAsync(GraderDbContext db, RubricCache rubrics, PageUser viewer,
        string assignmentId, CancellationToken cancellationToken)
    {
        var courseId = await db.Assignments.AsNoTracking().Where(a => a.Id == assignmentId).Select(a => a.CourseId)
            .FirstOrDefaultAsync(cancellationToken);
        if (courseId is null || viewer.StaffOf(courseId) is null) return null;
        return await LoadAsync(db, rubrics, assignmentId, cancellationToken);
    }

    /// <summary>The assignment's gradebook rows; null when there is no such assignment.</summary>
    public static async Task<GradebookData?> LoadAsync(GraderDbContext db, RubricCache rubrics, string assignmentId,
        CancellationToken cancellationToken)
    {
        var assignment = await db.Assignments.AsNoTracking().Where(a => a.Id == assignmentId)
            .Select(a => new { a.Id, a.CourseId, a.Title, a.Deadline, a.CurrentVersionId, Version = (int?)a.CurrentVersion!.Version })
            .FirstOrDefaultAsync(cancellationToken);
        if (assignment is null) return null;
        var rubric = assignment.CurrentVersionId is { } versionId ? await rubrics.GetAsync(versionId, cancellationToken) : null;
        var items = rubric?.Items.Select(i => new GradebookItem(i.Id, i.Points, i.Bonus, i.Prompt)).ToList() ?? [];
        var counts = rubric?.Counts ?? CountedSubmission.Latest;

        var students = await db.Students.AsNoTracking().Where(s => s.CourseId == assignment.CourseId)
            .Select(s => new GradebookStudent(s.Id, s.ExternalId, s.Name, s.IndexNumber))
            .ToListAsync(cancellationToken);
        var submissions = await CountedSubmissions.ReadAsync(db, assignment.Id, cancellationToken);
        var counted = CountedSubmissions.Pick(submissions, counts).Values.Select(s => s.Id).ToList();
        var marks = await db.Marks.AsNoTracking().Where(m => counted.Contains(m.SubmissionId))
            .Select(m => new GradebookMark(m.SubmissionId, m.ItemId, m.Points, m.MaxPoints, m.Result))
            .ToListAsync(cancellationToken);
        return new GradebookData(assignment.Id, assignment.CourseId, assignment.Title, assignment.Deadline, assignment.Version, counts,
            items, students, submissions, marks);
    }
}
