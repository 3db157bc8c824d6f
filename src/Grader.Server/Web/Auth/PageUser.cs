using System.Globalization;
using System.Security.Claims;
using Grader.Data.Entities;

namespace Grader.Server.Web.Auth;

/// <summary>A staff member's place in one course.</summary>
public sealed record StaffMembership(string CourseId, long StaffId, string Role)
{
    public bool IsInstructor => Role == StaffRoles.Instructor;
}

/// <summary>A signed-in student (by their token): one course, their own submissions only.</summary>
public sealed record StudentIdentity(long StudentId, string CourseId, string? IndexNumber);

/// <summary>
/// Who is signed in to the dashboard: a staff member (their account and current courses) or a
/// student. Built afresh from the database on every request from the session the cookie names
/// (<see cref="DashboardSessions"/>), so a role, membership or revocation applies at once. Every
/// page decides access from this alone, never from the URL.
/// </summary>
public sealed record PageUser(string Login, string Name, StudentIdentity? Student, IReadOnlyList<StaffMembership> Staff,
    long? StaffAccountId = null)
{
    private const string LoginClaim = "grader:login";
    private const string StaffClaim = "grader:staff-of";
    private const string StudentClaim = "grader:student";
    private const string AccountClaim = "grader:account";

    public bool IsStaff => Staff.Count > 0;

    public StaffMembership? StaffOf(string courseId) => Staff.FirstOrDefault(m => m.CourseId == courseId);

    public IReadOnlyList<string> StaffCourses => [.. Staff.Select(m => m.CourseId)];

    public ClaimsPrincipal ToPrincipal(string scheme, params Claim[] extra)
    {
        var claims = new List<Claim> { new(LoginClaim, Login), new(ClaimTypes.Name, Name) };
        // Course ids are [a-z0-9._-], so '|' cannot occur inside a field.
        claims.AddRange(Staff.Select(m => new Claim(StaffClaim, $"{m.CourseId}|{m.StaffId}|{m.Role}")));
        if (StaffAccountId is { } account) claims.Add(new Claim(AccountClaim, account.ToString(CultureInfo.InvariantCulture)));
        if (Student is { } s) claims.Add(new Claim(StudentClaim, $"{s.CourseId}|{s.StudentId}|{s.IndexNumber}"));
        claims.AddRange(extra);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The user of a request; null when nobody (or somebody by API token) is signed in.</summary>
    public static PageUser? From(ClaimsPrincipal principal)
    {
        if (principal.FindFirstValue(LoginClaim) is not { } login) return null;
        var staff = principal.FindAll(StaffClaim)
            .Select(c => c.Value.Split('|'))
            .Select(p => new StaffMembership(p[0], long.Parse(p[1], CultureInfo.InvariantCulture), p[2]))
            .ToList();
        StudentIdentity? student = null;
        if (principal.FindFirstValue(StudentClaim)?.Split('|') is [var course, var id, var index])
            student = new StudentIdentity(long.Parse(id, CultureInfo.InvariantCulture), course, index.Length == 0 ? null : index);
        long? account = principal.FindFirstValue(AccountClaim) is { } a ? long.Parse(a, CultureInfo.InvariantCulture) : null;
        return new PageUser(login, principal.FindFirstValue(ClaimTypes.Name) ?? login, student, staff, account);
    }
}
