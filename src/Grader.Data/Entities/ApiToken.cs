namespace Grader.Data.Entities;

/// <summary>A bearer token of a student or a staff member; only its SHA-256 is stored.</summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public required byte[] TokenHash { get; set; }
    public long? StudentId { get; set; }
    public long? StaffAccountId { get; set; }
    public string Label { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public Student? Student { get; set; }
    public StaffAccount? StaffAccount { get; set; }

    public bool IsValidAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
