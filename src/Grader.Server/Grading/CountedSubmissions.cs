using Grader.Data;
using Grader.Data.Entities;

namespace Grader.Server.Grading;

/// <summary>
/// The submissions that count for an assignment: each student's latest (a rubric cannot yet say
/// "best"), as a query that statistics and the manual-grading queue build on.
/// </summary>
public static class CountedSubmissions
{
    public static IQueryable<Submission> Of(GraderDbContext db, string assignmentId) =>
        db.Submissions.Where(s => s.AssignmentId == assignmentId
            && !db.Submissions.Any(later => later.AssignmentId == assignmentId && later.StudentId == s.StudentId
                && later.SubmittedAt > s.SubmittedAt));
}
