using System.Text.Encodings.Web;
using Grader.Data;
using Grader.Data.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grader.Server.Auth;

/// <summary>
/// <c>Authorization: Bearer grd_...</c>: the token's SHA-256 is looked up (the only thing stored)
/// and compared in constant time; revoked and expired tokens are refused.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<GraderDbContext> contexts) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 200)
            return AuthenticateResult.Fail("expected 'Authorization: Bearer <token>'");
        var token = header["Bearer ".Length..].Trim();
        var hash = TokenHasher.Hash(token);

        await using var db = await contexts.CreateDbContextAsync(Context.RequestAborted);
        var row = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .Select(t => new { t.TokenHash, t.ExpiresAt, t.Student, t.Staff })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (row is null || !TokenHasher.Matches(token, row.TokenHash) || row.ExpiresAt < DateTimeOffset.UtcNow)
            return AuthenticateResult.Fail("unknown, revoked or expired token");

        var caller = row.Student is { } s
            ? new Caller(CallerKind.Student, s.Id, s.CourseId, s.ExternalId, s.Name, s.IndexNumber)
            : new Caller(CallerKind.Staff, row.Staff!.Id, row.Staff.CourseId, row.Staff.ExternalId, row.Staff.Name, null);
        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: "A valid bearer token is required.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(Context);
}
