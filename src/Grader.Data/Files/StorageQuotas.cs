using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Files;

/// <summary>Why an upload does not fit: the student's quota or the course's, with the numbers.</summary>
public sealed record StorageRefusal(bool CourseFull, long UsedBytes, long QuotaBytes, long UploadBytes)
{
    /// <summary>In words for the student (an upload's problem details, a commit's status).</summary>
    public string Explain() => CourseFull
        ? $"The course's submissions use {ByteSize.Format(UsedBytes)} of its {ByteSize.Format(QuotaBytes)}; this upload " +
          $"({ByteSize.Format(UploadBytes)}) does not fit. Tell the course staff."
        : $"Your submissions use {ByteSize.Format(UsedBytes)} of your {ByteSize.Format(QuotaBytes)}; this upload " +
          $"({ByteSize.Format(UploadBytes)}) does not fit. Resubmitting files you sent before costs nothing.";
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
