namespace Grader.Data.Entities;

/// <summary>
/// A person's membership of one course as instructor or TA. The person (login, password, staff
/// token) is their <see cref="StaffAccount"/>; <see cref="ExternalId"/> and <see cref="Name"/> are
/// the account's, copied here for the audit trail and kept in step by <see cref="Admin.StaffDirectory"/>.
/// </summary>
public sealed class StaffMember
{
    public long Id { get; set; }
    public required string CourseId { get; set; }
    public long AccountId { get; set; }
    /// <summary>The account's login.</summary>
    public required string ExternalId { get; set; }
    public required string Name { get; set; }
    /// <summary><see cref="StaffRoles"/>.</summary>
    public string Role { get; set; } = StaffRoles.Ta;
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set when the person was taken off the course; the row stays for the audit trail.</summary>
    public DateTimeOffset? RemovedAt { get; set; }

    public StaffAccount? Account { get; set; }
}

public static class StaffRoles
{
    public const string Instructor = "instructor";
    public const string Ta = "ta";

    public static bool IsValid(string role) => role is Instructor or Ta;
}
