using System.Security.Claims;

namespace Grader.Server.Auth;

/// <summary>Who made a request: a student or a staff member of one course.</summary>
public sealed record Caller(CallerKind Kind, long PersonId, string CourseId, string ExternalId, string Name, string? IndexNumber)
{
    private const string KindClaim = "grader:kind";
    private const string PersonClaim = "grader:person";
    private const string CourseClaim = "grader:course";
    private const string IndexClaim = "grader:index";

    public bool IsStudent => Kind == CallerKind.Student;

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim>
        {
            new(KindClaim, Kind.ToString()), new(PersonClaim, PersonId.ToString()), new(CourseClaim, CourseId),
            new(ClaimTypes.NameIdentifier, ExternalId), new(ClaimTypes.Name, Name),
        };
        if (IndexNumber is not null) claims.Add(new(IndexClaim, IndexNumber));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static Caller From(ClaimsPrincipal user) => new(
        Enum.Parse<CallerKind>(user.FindFirstValue(KindClaim)!),
        long.Parse(user.FindFirstValue(PersonClaim)!),
        user.FindFirstValue(CourseClaim)!,
        user.FindFirstValue(ClaimTypes.NameIdentifier)!,
        user.FindFirstValue(ClaimTypes.Name)!,
        user.FindFirstValue(IndexClaim));
}

public enum CallerKind
{
    Student,
    Staff,
}
