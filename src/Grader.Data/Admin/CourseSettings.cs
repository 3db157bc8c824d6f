using Grader.Data.Files;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Admin;

/// <summary>A course's token expiry and storage quotas, as the operator sees and sets them.</summary>
public static class CourseSettings
{
    public static async Task<AdminOutcome> SetQuotasAsync(IDbContextFactory<GraderDbContext> contexts, string courseId, long? perStudent,
        long? perCourse, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var course = await db.Courses.SingleAsync(c => c.Id == courseId, cancellationToken);
        var lines = new List<string>();
        if (perStudent is { } s)
        {
            lines.Add($"storage per student in {courseId}: {ByteSize.Format(course.StudentStorageQuota)} -> {ByteSize.Format(s)}");
            course.StudentStorageQuota = s;
        }
        if (perCourse is { } c)
        {
            lines.Add($"storage of {courseId}: {ByteSize.Format(course.StorageQuota)} -> {ByteSize.Format(c)}");
            course.StorageQuota = c;
        }
        await db.SaveChangesAsync(cancellationToken);
        return new AdminOutcome(true, lines);
    }

    public static async Task<IReadOnlyList<string>> DescribeAsync(IDbContextFactory<GraderDbContext> contexts, string courseId,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var course = await db.Courses.AsNoTracking().SingleAsync(c => c.Id == courseId, cancellationToken);
        var largest = await db.Students.AsNoTracking().Where(s => s.CourseId == courseId).MaxAsync(s => (long?)s.StoredBytes, cancellationToken) ?? 0;
        return
        [
            $"{courseId} ({course.Title}): new tokens {TokenDirectory.Expiry(course.TokensExpireAt)}",
            $"storage: {ByteSize.Format(course.StoredBytes)} of {ByteSize.Format(course.StorageQuota)} used; " +
            $"per student {ByteSize.Format(course.StudentStorageQuota)} (the most any student uses: {ByteSize.Format(largest)})",
        ];
    }
}
