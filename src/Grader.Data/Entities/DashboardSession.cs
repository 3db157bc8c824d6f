namespace Grader.Data.Entities;

/// <summary>
/// A dashboard sign-in, checked on every page request. The cookie carries the session id; only its
/// SHA-256 is stored. A student's session names the token it was made with, so revoking the token ends it.
/// </summary>
public sealed class DashboardSession
{
    public required byte[] IdHash { get; set; }
    public long? StaffAccountId { get; set; }
    public long? StudentId { get; set; }
    public long? TokenId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}
