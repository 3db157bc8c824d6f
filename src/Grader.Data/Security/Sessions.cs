using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Security;

/// <summary>Ends dashboard sessions from the admin side (the dashboard checks each session on every request).</summary>
public static class Sessions
{
    /// <summary>A dashboard session unused this long has ended (as the cookie's sliding expiry has).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(12);

    public static Task<int> EndForStaffAsync(GraderDbContext db, long accountId, CancellationToken cancellationToken) =>
        db.DashboardSessions.Where(s => s.StaffAccountId == accountId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, DateTimeOffset.UtcNow), cancellationToken);

    public static Task<int> EndForStudentAsync(GraderDbContext db, long studentId, CancellationToken cancellationToken) =>
        db.DashboardSessions.Where(s => s.StudentId == studentId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, DateTimeOffset.UtcNow), cancellationToken);
}
