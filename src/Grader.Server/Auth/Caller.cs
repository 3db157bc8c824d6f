using System.Security.Claims;

namespace Grader.Server.Auth;

/// <summary>
/// Who made a request: a student of one course (<see cref="CourseId"/>), or a staff member with the
/// courses they are staff of now (<see cref="StaffCourses"/>; <see cref="CourseId"/> is empty).
/// </summary>
public sealed record Caller(CallerKind Kind, long PersonId, string CourseId, string ExternalId, string Name, string? IndexNumber,
    IReadOnlyList<string> StaffCourses)
{
    private const string KindClaim = "grader:kind";
    private const string PersonClaim = "grader:person";
    private const string CourseClaim = "grader:course";
    private const string StaffCourseClaim = "grader:staff-course";
    private const string IndexClaim = "grader:index";

    public bool IsStudent => Kind == CallerKind.Student;

    /// <summary>What rate limits count against: the person, however they came in (token, dashboard, push).</summary>
    public string RateKey => RateKeyOf(Kind, PersonId);

    public static string RateKeyOf(CallerKind kind, long personId) => $"{kind}:{personId}".ToLowerInvariant();

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim>
        {
            new(KindClaim, Kind.ToString()), new(PersonClaim, PersonId.ToString()), new(CourseClaim, CourseId),
            new(ClaimTypes.NameIdentifier, ExternalId), new(ClaimTypes.Name, Name),
        };
        if (IndexNumber is not null) claims.Add(new(IndexClaim, IndexNumber));
        claims.AddRange(StaffCourses.Select(c => new Claim(StaffCourseClaim, c)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static Caller From(ClaimsPrincipal user) => new(
        Enum.Parse<CallerKind>(user.FindFirstValue(KindClaim)!),
        long.Parse(user.FindFirstValue(PersonClaim)!),
        user.FindFirstValue(CourseClaim)!,
        user.FindFirstValue(ClaimTypes.NameIdentifier)!,
        user.FindFirstValue(ClaimTypes.Name)!,
        user.FindFirstValue(IndexClaim),
        [.. user.FindAll(StaffCourseClaim).Select(c => c.Value)]);
}

public enum CallerKind
{
    Student,
    Staff,
}
