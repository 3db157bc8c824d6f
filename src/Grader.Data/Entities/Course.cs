namespace Grader.Data.Entities;

public sealed class Course
{
    public required string Id { get; set; }
    public required string Title { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When tokens issued for this course expire (e.g. the term's end); null: never.</summary>
    public DateTimeOffset? TokensExpireAt { get; set; }
    /// <summary>Bytes one student's submissions may store (distinct files).</summary>
    public long StudentStorageQuota { get; set; } = DefaultStudentStorageQuota;
    /// <summary>Bytes all the course's submissions may store (distinct files).</summary>
    public long StorageQuota { get; set; } = DefaultStorageQuota;
    /// <summary>Bytes of the distinct files of the course's submissions (kept by a trigger).</summary>
    public long StoredBytes { get; set; }

    public const long DefaultStudentStorageQuota = 1L << 30;
    public const long DefaultStorageQuota = 100L << 30;
}
