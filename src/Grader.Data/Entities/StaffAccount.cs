namespace Grader.Data.Entities;

/// <summary>A person who teaches: one login and password, one staff token, memberships in any number of courses.</summary>
public sealed class StaffAccount
{
    public long Id { get; set; }
    public required string Login { get; set; }
    public required string Name { get; set; }
    /// <summary>See <see cref="Security.PasswordHasher"/>; null: no password sign-in.</summary>
    public string? PasswordHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public List<StaffMember> Memberships { get; set; } = [];
}
