using System.Text.Encodings.Web;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grader.Server.Auth;

/// <summary>
/// <c>Authorization: Bearer grd_...</c>: the token's owner is found by <see cref="TokenLookup"/>
/// (by its SHA-256, the only thing stored); unknown, revoked and expired tokens are refused. Unknown
/// tokens count as failed tries of the client address (<see cref="SignInGuard"/>): an address that
/// sends too many is answered 429 without a database lookup, except for tokens the API found a
/// moment ago (so one guesser behind a shared address does not cut off everyone working there).
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenLookup tokens,
    SignInGuard guard) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    private bool throttled;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 200)
            return AuthenticateResult.Fail("expected 'Authorization: Bearer <token>'");
        var address = Context.Connection.RemoteIpAddress;
        var token = header["Bearer ".Length..].Trim();
        var caller = tokens.Remembered(token);
        if (caller is null && guard.IsThrottled(null, address))
        {
            throttled = true;
            return AuthenticateResult.Fail("too many unknown tokens from this address");
        }
        caller ??= await tokens.FindAsync(token, Context.RequestAborted);
        if (caller is null)
        {
            guard.RecordFailure(null, address);
            return AuthenticateResult.Fail("unknown, revoked or expired token");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (throttled)
        {
            Response.Headers.RetryAfter = "60";
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                detail: "Too many unknown or revoked tokens from this address; wait a minute.").ExecuteAsync(Context);
            return;
        }
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: "A valid bearer token is required.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(Context);
}
