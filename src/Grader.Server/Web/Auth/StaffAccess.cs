using Grader.Data;
using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Web.Auth;

/// <summary>An assignment (or submission) together with the signed-in staff member's place in its course.</summary>
public sealed record StaffAssignment(Assignment Assignment, StaffMembership Staff);

/// <summary>
/// What a staff page may open: only things of a course the signed-in person teaches. Anything
/// else is "not found", the same answer as for an id that does not exist, so ids of other
/// courses cannot be probed.
/// </summary>
public static class StaffAccess
{
    public static async Task<StaffAssignment?> AssignmentAsync(GraderDbContext db, PageUser? user, string assignmentId,
        CancellationToken cancellationToken)
    {
        if (user is null) return null;
        var assignment = await db.Assignments.AsNoTracking().Include(a => a.CurrentVersion)
            .FirstOrDefaultAsync(a => a.Id == assignmentId, cancellationToken);
        return assignment is not null && user.StaffOf(assignment.CourseId) is { } staff ? new StaffAssignment(assignment, staff) : null;
    }

    public static async Task<(Submission Submission, StaffAssignment Access)?> SubmissionAsync(GraderDbContext db, PageUser? user,
        Guid submissionId, CancellationToken cancellationToken)
    {
        var submission = await db.Submissions.AsNoTracking().Include(s => s.Student)
            .FirstOrDefaultAsync(s => s.Id == submissionId, cancellationToken);
        if (submission is null) return null;
        return await AssignmentAsync(db, user, submission.AssignmentId, cancellationToken) is { } access ? (submission, access) : null;
    }
}
