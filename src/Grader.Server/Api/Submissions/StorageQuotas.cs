using Grader.Data;
using Grader.Data.Files;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Api.Submissions;

/// <summary>Why an upload does not fit: the student's quota (413) or the course's (507), with the numbers.</summary>
public sealed record StorageRefusal(bool CourseFull, long UsedBytes, long QuotaBytes, long UploadBytes)
{
    public IResult ToProblem()
    {
        var extensions = new Dictionary<string, object?> { ["usedBytes"] = UsedBytes, ["quotaBytes"] = QuotaBytes, ["uploadBytes"] = UploadBytes };
        return CourseFull
            ? Results.Problem(statusCode: StatusCodes.Status507InsufficientStorage, title: "Course storage full",
                detail: $"The course's submissions use {ByteSize.Format(UsedBytes)} of its {ByteSize.Format(QuotaBytes)}; this upload " +
                        $"({ByteSize.Format(UploadBytes)}) does not fit. Tell the course staff.", extensions: extensions)
            : Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Storage quota exceeded",
                detail: $"Your submissions use {ByteSize.Format(UsedBytes)} of your {ByteSize.Format(QuotaBytes)}; this upload " +
                        $"({ByteSize.Format(UploadBytes)}) does not fit. Resubmitting files you sent before costs nothing.", extensions: extensions);
    }
}

/// <summary>A student's and their course's storage: used and allowed.</summary>
public sealed record StorageUsage(long Student, long StudentQuota, long Course, long CourseQuota);

/// <summary>
/// Storage used is counted by the database (students.stored_bytes, courses.stored_bytes: distinct
/// files, kept by a trigger on submission_files, so every way in counts); quotas are the course's.
/// </summary>
public static class StorageQuotas
{
    public static Task<StorageUsage> UsageAsync(GraderDbContext db, long studentId, CancellationToken cancellationToken) =>
        db.Students.AsNoTracking().Where(s => s.Id == studentId)
            .Join(db.Courses, s => s.CourseId, c => c.Id, (s, c) => new StorageUsage(s.StoredBytes, c.StudentStorageQuota, c.StoredBytes, c.StorageQuota))
            .SingleAsync(cancellationToken);

    /// <summary>Before reading an upload: refused when the student or course has no room left at all.</summary>
    public static StorageRefusal? Full(StorageUsage now) =>
        now.Student >= now.StudentQuota ? new StorageRefusal(false, now.Student, now.StudentQuota, 0)
        : now.Course >= now.CourseQuota ? new StorageRefusal(true, now.Course, now.CourseQuota, 0)
        : null;

    /// <summary>After an upload's rows are written (in its transaction): refused when its new files took the student or course over quota.</summary>
    public static StorageRefusal? Over(StorageUsage before, StorageUsage after) =>
        after.Student > after.StudentQuota ? new StorageRefusal(false, before.Student, after.StudentQuota, after.Student - before.Student)
        : after.Course > after.CourseQuota ? new StorageRefusal(true, before.Course, after.CourseQuota, after.Course - before.Course)
        : null;
}
