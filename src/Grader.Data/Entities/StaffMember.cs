namespace Grader.Data.Entities;

/// <summary>An instructor or TA of one course (a person teaching two courses has two rows, one login).</summary>
public sealed class StaffMember
{
    public long Id { get; set; }
    public required string CourseId { get; set; }
    /// <summary>The login name, shared by the person's rows in all their courses.</summary>
    public required string ExternalId { get; set; }
    public required string Name { get; set; }
    /// <summary><see cref="StaffRoles"/>.</summary>
    public string Role { get; set; } = StaffRoles.Ta;
    /// <summary>See <see cref="Security.PasswordHasher"/>; null: no password sign-in.</summary>
    public string? PasswordHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public static class StaffRoles
{
    public const string Instructor = "instructor";
    public const string Ta = "ta";

    public static bool IsValid(string role) => role is Instructor or Ta;
}
